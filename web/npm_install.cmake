# cmake -DWEB_DIR=dir -DNPM=npm -P npm_install.cmake
# `npm ci` in web/, unless node_modules was already installed from this very package-lock.json
# (by another build tree of the same checkout): npm ci deletes node_modules before installing,
# under the feet of the tests of the first tree that drive the browser with it while the second
# tree builds (scripts/test.sh builds the sanitizer tree during the gcc tests).
set(modules "${WEB_DIR}/node_modules")
set(marker "${modules}/.iotscope-installed-lock.json")
file(READ "${WEB_DIR}/package-lock.json" lock)
if(EXISTS "${marker}" AND EXISTS "${modules}/echarts/dist/echarts.min.js")
  file(READ "${marker}" installed)
  if(installed STREQUAL lock)
    return()
  endif()
endif()
execute_process(COMMAND "${NPM}" ci --no-audit --no-fund WORKING_DIRECTORY "${WEB_DIR}"
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "npm ci in ${WEB_DIR} failed (${status})")
endif()
file(WRITE "${marker}" "${lock}")
