# Fails when a translation file misses a string of the sources or leaves one unfinished.
# Runs lupdate on a copy, so the check sees the sources as they are now, not as the file was.
foreach(ts ${TS_FILES})
    get_filename_component(name ${ts} NAME)
    set(copy ${WORK_DIR}/${name})
    file(COPY ${ts} DESTINATION ${WORK_DIR})
    execute_process(
        COMMAND ${LUPDATE} ${ROOT}/core ${ROOT}/ui ${ROOT}/app ${ROOT}/server
                -ts ${copy} -no-obsolete -locations none -silent
        RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "lupdate failed on ${name}")
    endif()
    file(READ ${copy} content)
    string(REGEX MATCHALL "<translation type=\"unfinished\"" unfinished "${content}")
    list(LENGTH unfinished count)
    if(count GREATER 0)
        message(FATAL_ERROR "${name}: ${count} strings are new or untranslated; run "
                            "`cmake --build build --target update_translations` and translate them.")
    endif()
    string(REGEX MATCHALL "<message>" messages "${content}")
    list(LENGTH messages total)
    message(STATUS "${name}: ${total} strings, all translated")
endforeach()
