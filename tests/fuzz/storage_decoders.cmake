# Storage decoders: Parquet reader, Avro container reader, WAL replay, WAL chunk codec.
# Any bytes must end in data or a Status, nothing else.
file(GLOB_RECURSE firn_storage_sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/storage/*.cc)
find_package(PkgConfig REQUIRED)
pkg_check_modules(FIRN_FUZZ_STORAGE_DEPS REQUIRED IMPORTED_TARGET libzstd sqlite3 zlib)
find_library(FIRN_FUZZ_SNAPPY_LIB snappy REQUIRED)
firn_fuzz_target(fuzz_storage_decoders
  SOURCES
    ${CMAKE_CURRENT_SOURCE_DIR}/storage_decoders_fuzzer.cc
    ${firn_storage_sources}
  LIBS firn_types PkgConfig::FIRN_FUZZ_STORAGE_DEPS ${FIRN_FUZZ_SNAPPY_LIB} Threads::Threads)
