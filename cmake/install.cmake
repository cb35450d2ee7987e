# Install and package (included last from the top CMakeLists.txt): `cmake --install` and CPack.
#
# bin/pgdrydock, bin/pgdrydock-pre-commit (the pre-commit hook's entry, .pre-commit-hooks.yaml)
# share/man/man1/pgdrydock.1, bash/zsh/fish completions: generated at build time by the built
#   binary from its own option definitions (cli/cli_docs.h), so they never drift from it
# share/doc/pgdrydock/rules/*.md: one page per rule
# share/pgdrydock/alembic/: the Alembic helper, found from <exe dir>/../share/pgdrydock/alembic/
include(GNUInstallDirs)

# --version names the PostgreSQL grammar libpg_query parses; pg_query.h states it (PG_VERSION),
# and only lint/sql_parser.cpp includes that header, so the build reads it here.
file(STRINGS "${PG_QUERY_INCLUDE_DIR}/pg_query.h" pg_query_version_line
  REGEX "^#define PG_VERSION \"[^\"]+\"")
string(REGEX REPLACE ".*\"([^\"]+)\".*" "\\1" PGDRYDOCK_PG_QUERY_GRAMMAR "${pg_query_version_line}")
if(NOT PGDRYDOCK_PG_QUERY_GRAMMAR)
  message(FATAL_ERROR "pg_query.h (${PG_QUERY_INCLUDE_DIR}) has no PG_VERSION")
endif()
target_compile_definitions(pgdrydock PRIVATE
  PGDRYDOCK_PG_QUERY_GRAMMAR="${PGDRYDOCK_PG_QUERY_GRAMMAR}")

# The generated documents, rebuilt whenever the binary is.
set(PGDRYDOCK_DOCS_DIR ${PROJECT_BINARY_DIR}/share)
set(pgdrydock_generated
  ${PGDRYDOCK_DOCS_DIR}/pgdrydock.1 ${PGDRYDOCK_DOCS_DIR}/pgdrydock.bash
  ${PGDRYDOCK_DOCS_DIR}/_pgdrydock ${PGDRYDOCK_DOCS_DIR}/pgdrydock.fish)
add_custom_command(OUTPUT ${pgdrydock_generated}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PGDRYDOCK_DOCS_DIR}
  COMMAND pgdrydock --help-man > ${PGDRYDOCK_DOCS_DIR}/pgdrydock.1
  COMMAND pgdrydock --completions bash > ${PGDRYDOCK_DOCS_DIR}/pgdrydock.bash
  COMMAND pgdrydock --completions zsh > ${PGDRYDOCK_DOCS_DIR}/_pgdrydock
  COMMAND pgdrydock --completions fish > ${PGDRYDOCK_DOCS_DIR}/pgdrydock.fish
  DEPENDS pgdrydock
  COMMENT "Generating the man page and shell completions from pgdrydock's options"
  VERBATIM)
add_custom_target(pgdrydock_docs ALL DEPENDS ${pgdrydock_generated})
# Tests that run `cmake --install` on this build folder need them built first.
foreach(installing_test test_integrations test_alembic)
  if(TARGET ${installing_test})
    add_dependencies(${installing_test} pgdrydock_docs)
  endif()
endforeach()

install(TARGETS pgdrydock RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(PROGRAMS scripts/pgdrydock-pre-commit DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES lint/alembic/render_revisions.py lint/alembic/pgdrydock_online.py
  lint/alembic/pgdrydock_project.py lint/alembic/pgdrydock_recording.py
  lint/alembic/pgdrydock_stubs.py
  DESTINATION ${CMAKE_INSTALL_DATADIR}/pgdrydock/alembic)
install(FILES ${PGDRYDOCK_DOCS_DIR}/pgdrydock.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PGDRYDOCK_DOCS_DIR}/pgdrydock.bash
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME pgdrydock)
install(FILES ${PGDRYDOCK_DOCS_DIR}/_pgdrydock
  DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${PGDRYDOCK_DOCS_DIR}/pgdrydock.fish
  DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
install(DIRECTORY rules/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/rules FILES_MATCHING PATTERN "*.md")
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# CPack: a .deb whose Depends come from the libraries the binary links (dpkg-shlibdeps, from
# dpkg-dev), plus what it runs rather than links. scripts/package.sh builds and checks it.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pgdrydock)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "pgdrydock maintainers <pgdrydock@example.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Lint and simulate PostgreSQL schema migrations")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# simulate starts PostgreSQL's own initdb/postgres; Alembic projects need Python's alembic.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "postgresql, python3")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "alembic, pre-commit")
include(CPack)
