# Fails when a C++ file of the tree does not follow .clang-format.
file(GLOB_RECURSE sources
    ${ROOT}/core/*.cpp ${ROOT}/core/*.h ${ROOT}/ui/*.cpp ${ROOT}/ui/*.h
    ${ROOT}/app/*.cpp ${ROOT}/app/*.h ${ROOT}/server/*.cpp ${ROOT}/server/*.h
    ${ROOT}/tests/*.cpp ${ROOT}/tests/*.h)
execute_process(
    COMMAND ${CLANG_FORMAT} --dry-run --Werror ${sources}
    RESULT_VARIABLE result
    ERROR_VARIABLE complaints)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "Files differ from .clang-format; run clang-format -i on them:\n${complaints}")
endif()
