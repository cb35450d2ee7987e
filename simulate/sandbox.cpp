// Placeholder so the simulate library has a translation unit; the sandbox is being written.
namespace pgdrydock {}
