// The catalog's containers: ordered maps and sets whose copies share structure, so that the
// snapshot of the catalog taken for every migration of a long history costs O(1), and changing
// one object costs O(log n) new nodes, never a copy of the whole container.
//
// A treap with path copying. Each node's priority is a hash of its key, so the tree's shape
// depends only on the set of keys: two versions of a map that share most of their history
// share most of their nodes, and diff() skips every subtree the two have in common (cost in
// proportion to what differs, not to the size of the map). A node (or value) is changed in
// place only when this map is its sole owner; otherwise it is copied first (copy-on-write).
// Iteration is in key order, as std::map's, so everything that prints a catalog stays ordered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pgdrydock {

template <typename T> class PersistentMap {
  struct Node;
  using Ptr = std::shared_ptr<Node>;
  struct Node {
    std::string key;
    std::uint64_t priority = 0;
    std::shared_ptr<T> value;
    Ptr left, right;
  };

public:
  class const_iterator {
  public:
    const_iterator() = default;
    explicit const_iterator(const Node* root) { descend(root); }
    std::pair<const std::string&, const T&> operator*() const {
      return {stack_.back()->key, *stack_.back()->value};
    }
    // it->first / it->second, as a std::map iterator offers them.
    struct Arrow {
      std::pair<const std::string&, const T&> pair;
      const std::pair<const std::string&, const T&>* operator->() const { return &pair; }
    };
    Arrow operator->() const { return Arrow{**this}; }
    const std::string& key() const { return stack_.back()->key; }
    const_iterator& operator++() {
      const Node* n = stack_.back();
      stack_.pop_back();
      descend(n->right.get());
      return *this;
    }
    bool operator==(const const_iterator& o) const {
      return stack_.empty() ? o.stack_.empty() : !o.stack_.empty() && top() == o.top();
    }
    bool operator!=(const const_iterator& o) const { return !(*this == o); }

  private:
    const Node* top() const { return stack_.back(); }
    void descend(const Node* n) {
      for (; n; n = n->left.get())
        stack_.push_back(n);
    }
    std::vector<const Node*> stack_; // the path of nodes still to visit, next on top
  };

  const_iterator begin() const { return const_iterator(root_.get()); }
  const_iterator end() const { return const_iterator(); }
  std::size_t size() const { return size_; }
  // True when both are the same version (one an unchanged copy of the other): O(1).
  bool same_as(const PersistentMap& o) const { return root_ == o.root_; }
  bool empty() const { return size_ == 0; }
  std::size_t count(std::string_view key) const { return find_node(key) ? 1 : 0; }
  const T* get(std::string_view key) const {
    const Node* n = find_node(key);
    return n ? n->value.get() : nullptr;
  }
  // The value to change: this map's own (cloned if shared), default-made if missing.
  T& edit(std::string_view key) {
    std::shared_ptr<T>& value = edit_slot(key);
    if (value.use_count() > 1)
      value = std::make_shared<T>(*value);
    return *value;
  }
  T& operator[](std::string_view key) { return edit(key); }
  bool erase(std::string_view key) {
    if (!find_node(key))
      return false;
    erase_from(root_, key);
    --size_;
    return true;
  }
  // Gives old_key's value to new_key (replacing what new_key held) without copying it.
  // False when old_key is missing.
  bool move_key(std::string_view old_key, std::string_view new_key) {
    const Node* n = find_node(old_key);
    if (!n)
      return false;
    std::shared_ptr<T> value = n->value;
    erase(old_key);
    edit_slot(new_key) = std::move(value);
    return true;
  }
  // Makes key hold what it holds in `other` (the same value, shared; absent when absent there).
  void copy_entry(const PersistentMap& other, std::string_view key) {
    const Node* n = other.find_node(key);
    if (!n)
      erase(key);
    else
      edit_slot(key) = n->value;
  }
  // pred(key, value)
  template <typename Pred> void erase_if(Pred pred) {
    std::vector<std::string> doomed;
    for (auto it = begin(); it != end(); ++it)
      if (pred(it.key(), (*it).second))
        doomed.push_back(it.key());
    for (const auto& key : doomed)
      erase(key);
  }
  void clear() {
    root_.reset();
    size_ = 0;
  }
  std::vector<std::string> keys() const {
    std::vector<std::string> out;
    out.reserve(size_);
    for (auto it = begin(); it != end(); ++it)
      out.push_back(it.key());
    return out;
  }

  // Calls changed(key, was, now) in key order for every key whose value differs between a and
  // b (was or now null when the key is only in the other). Values are compared by identity:
  // a value both maps share is unchanged; one edited since they parted is reported even when
  // the edit left it equal. Subtrees the two maps share are skipped without being visited.
  // The key passed to changed() lives only during that call (it may belong to a node cut from
  // a copy); values stay owned by a and b.
  template <typename F>
  static void diff(const PersistentMap& a, const PersistentMap& b, F changed) {
    diff_nodes(a.root_, b.root_, changed);
  }

private:
  // The value slot of key in a node this map owns (inserted, default-made, when missing).
  std::shared_ptr<T>& edit_slot(std::string_view key) {
    if (!find_node(key)) {
      auto node = std::make_shared<Node>();
      node->key = std::string(key);
      node->priority = priority_of(node->key);
      node->value = std::make_shared<T>();
      insert(root_, std::move(node));
      ++size_;
    }
    Node* n = own(root_);
    while (n->key != key)
      n = own(key < n->key ? n->left : n->right);
    return n->value;
  }
  static std::uint64_t priority_of(std::string_view key) {
    return std::hash<std::string_view>{}(key);
  }
  // The heap order of the treap: higher priority nearer the root, ties broken by key, so the
  // shape is a function of the keys alone.
  static bool above(const Node& a, const Node& b) {
    return a.priority != b.priority ? a.priority > b.priority : a.key < b.key;
  }
  // The node in `slot`, made this map's own: copied when another version shares it.
  static Node* own(Ptr& slot) {
    if (slot.use_count() > 1)
      slot = std::make_shared<Node>(*slot);
    return slot.get();
  }
  const Node* find_node(std::string_view key) const {
    const Node* n = root_.get();
    while (n && n->key != key)
      n = key < n->key ? n->left.get() : n->right.get();
    return n;
  }
  // Splits t into the keys below `key` (l) and those above it (r); t must not hold key.
  static void split(Ptr t, std::string_view key, Ptr& l, Ptr& r) {
    if (!t) {
      l.reset();
      r.reset();
      return;
    }
    Node* n = own(t);
    if (n->key < key) {
      split(std::move(n->right), key, n->right, r);
      l = std::move(t);
    } else {
      split(std::move(n->left), key, l, n->left);
      r = std::move(t);
    }
  }
  static Ptr merge(Ptr a, Ptr b) {
    if (!a)
      return b;
    if (!b)
      return a;
    if (above(*a, *b)) {
      Node* n = own(a);
      n->right = merge(std::move(n->right), std::move(b));
      return a;
    }
    Node* n = own(b);
    n->left = merge(std::move(a), std::move(n->left));
    return b;
  }
  static void insert(Ptr& slot, Ptr node) {
    if (!slot || above(*node, *slot)) {
      split(std::move(slot), node->key, node->left, node->right);
      slot = std::move(node);
      return;
    }
    Node* n = own(slot);
    Ptr& child = node->key < n->key ? n->left : n->right; // before node is moved from
    insert(child, std::move(node));
  }
  static void erase_from(Ptr& slot, std::string_view key) {
    Node* n = own(slot);
    if (n->key == key) {
      Ptr gone = std::move(slot); // sole owner now: its children can be moved out
      slot = merge(std::move(gone->left), std::move(gone->right));
      return;
    }
    erase_from(key < n->key ? n->left : n->right, key);
  }
  template <typename F> static void each(const Ptr& t, bool in_a, F& changed) {
    if (!t)
      return;
    each(t->left, in_a, changed);
    if (in_a)
      changed(t->key, static_cast<const T*>(t->value.get()), static_cast<const T*>(nullptr));
    else
      changed(t->key, static_cast<const T*>(nullptr), static_cast<const T*>(t->value.get()));
    each(t->right, in_a, changed);
  }
  // The node of `key` taken out of a copy of t: l and r are the rest (shared where untouched).
  static Ptr cut(const Ptr& t, std::string_view key, Ptr& l, Ptr& r) {
    Ptr copy = t;
    Ptr found;
    cut_into(std::move(copy), key, l, r, found);
    return found;
  }
  static void cut_into(Ptr t, std::string_view key, Ptr& l, Ptr& r, Ptr& found) {
    if (!t) {
      l.reset();
      r.reset();
      return;
    }
    Node* n = own(t);
    if (n->key == key) {
      l = std::move(n->left);
      r = std::move(n->right);
      found = std::move(t);
    } else if (n->key < key) {
      cut_into(std::move(n->right), key, n->right, r, found);
      l = std::move(t);
    } else {
      cut_into(std::move(n->left), key, l, n->left, found);
      r = std::move(t);
    }
  }
  template <typename F> static void diff_nodes(const Ptr& a, const Ptr& b, F& changed) {
    if (a == b)
      return;
    if (!a || !b) {
      each(a ? a : b, static_cast<bool>(a), changed);
      return;
    }
    if (a->key == b->key) {
      diff_nodes(a->left, b->left, changed);
      if (a->value != b->value)
        changed(a->key, static_cast<const T*>(a->value.get()),
                static_cast<const T*>(b->value.get()));
      diff_nodes(a->right, b->right, changed);
      return;
    }
    // Different roots: take the higher one's key out of the other tree and compare the parts.
    const bool a_above = above(*a, *b);
    const Ptr& top = a_above ? a : b;
    Ptr l, r;
    Ptr mid = cut(a_above ? b : a, top->key, l, r);
    const T* top_value = top->value.get();
    const T* mid_value = mid ? mid->value.get() : nullptr;
    if (a_above) {
      diff_nodes(a->left, l, changed);
      if (top_value != mid_value)
        changed(a->key, top_value, mid_value);
      diff_nodes(a->right, r, changed);
    } else {
      diff_nodes(l, b->left, changed);
      if (top_value != mid_value)
        changed(b->key, mid_value, top_value);
      diff_nodes(r, b->right, changed);
    }
  }

  Ptr root_;
  std::size_t size_ = 0;
};

// A set of names with the same sharing (a PersistentMap without values).
class PersistentSet {
  struct Unit {};
  using Map = PersistentMap<Unit>;

public:
  class const_iterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::string;
    using difference_type = std::ptrdiff_t;
    using pointer = const std::string*;
    using reference = const std::string&;
    explicit const_iterator(Map::const_iterator it) : it_(std::move(it)) {}
    const std::string& operator*() const { return it_.key(); }
    const std::string* operator->() const { return &it_.key(); }
    const_iterator& operator++() {
      ++it_;
      return *this;
    }
    bool operator==(const const_iterator& o) const { return it_ == o.it_; }
    bool operator!=(const const_iterator& o) const { return it_ != o.it_; }

  private:
    Map::const_iterator it_;
  };

  PersistentSet() = default;
  PersistentSet(std::initializer_list<std::string> names) {
    for (const auto& n : names)
      insert(n);
  }
  const_iterator begin() const { return const_iterator(map_.begin()); }
  const_iterator end() const { return const_iterator(map_.end()); }
  std::size_t size() const { return map_.size(); }
  bool empty() const { return map_.empty(); }
  std::size_t count(std::string_view name) const { return map_.count(name); }
  bool insert(std::string_view name) {
    if (map_.count(name))
      return false;
    map_.edit(name);
    return true;
  }
  bool erase(std::string_view name) { return map_.erase(name); }
  void clear() { map_.clear(); }
  // changed(name, in_a) in name order for each name in only one of a and b.
  template <typename F>
  static void diff(const PersistentSet& a, const PersistentSet& b, F changed) {
    Map::diff(a.map_, b.map_, [&](const std::string& name, const Unit* was, const Unit* now) {
      if (!was || !now)
        changed(name, was != nullptr);
    });
  }

private:
  Map map_;
};

} // namespace pgdrydock
