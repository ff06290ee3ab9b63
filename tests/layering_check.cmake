# `cmake -DSOURCE_DIR=... -P layering_check.cmake`: fails when a source file includes a header its
# folder must not know (README, Layout). The link lines enforce the same at configure time
# (cmake/Layering.cmake); this catches a header-only slip that links nothing.
set(rules
  "common|GraphMol/|RDGeneral/|torch/|ATen/|c10/|sqlite3.h|spdlog/|\"chem/|\"data/|\"models/|\"src/"
  "chem|torch/|ATen/|c10/|sqlite3.h|spdlog/|\"data/|\"models/|\"src/"
  "data|GraphMol/|RDGeneral/|torch/|ATen/|c10/|sqlite3.h|spdlog/|\"models/|\"src/"
  "src|GraphMol/|RDGeneral/"
  "models|GraphMol/|RDGeneral/|sqlite3.h|boost/program_options|\"chem/|\"data/|\"src/")
set(failures "")
foreach(rule IN LISTS rules)
  string(REPLACE "|" ";" parts "${rule}")
  list(POP_FRONT parts folder)
  file(GLOB_RECURSE sources "${SOURCE_DIR}/${folder}/*.h" "${SOURCE_DIR}/${folder}/*.cpp")
  foreach(source IN LISTS sources)
    file(STRINGS "${source}" includes REGEX "^[ \t]*#[ \t]*include")
    foreach(line IN LISTS includes)
      foreach(forbidden IN LISTS parts)
        string(FIND "${line}" "${forbidden}" at)
        if(NOT at EQUAL -1)
          file(RELATIVE_PATH relative "${SOURCE_DIR}" "${source}")
          list(APPEND failures "${relative}: ${line} (${folder}/ must not include ${forbidden})")
        endif()
      endforeach()
    endforeach()
  endforeach()
endforeach()
if(failures)
  list(JOIN failures "\n" text)
  message(FATAL_ERROR "layering violations:\n${text}")
endif()
message(STATUS "layering: every #include respects the folder rules")
