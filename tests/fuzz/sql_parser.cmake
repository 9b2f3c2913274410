# The SQL front end: libpg_query output -> Firn AST, type names. Any input must end in a
# parse tree or a SqlError, nothing else.
file(GLOB firn_parser_sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/sql/parser/*.cc)
firn_fuzz_target(fuzz_sql_parser
  SOURCES
    ${CMAKE_CURRENT_SOURCE_DIR}/sql_parser_fuzzer.cc
    ${firn_parser_sources}
  LIBS firn_types ${PG_QUERY_LIB} nlohmann_json::nlohmann_json Threads::Threads)
