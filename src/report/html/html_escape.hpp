#pragma once
// Escaping for text that goes into report.html. Labels are typed by strangers: nothing they type
// may close the script element that carries the data or start markup.
#include <string>
#include <string_view>

namespace iotscope {

// `json` (valid JSON text) made safe inside <script type="application/json">: '<', '>' and '&'
// become \u003c, \u003e, \u0026 and U+2028/U+2029 become \u2028/\u2029. In valid JSON these
// characters only occur inside strings, where the escapes decode to the same text.
std::string escape_json_for_script(std::string_view json);

// Script source made safe inside <script>: "</script" (any case) becomes "<\/script" and "<!--"
// becomes "<\!--", so the HTML parser never ends the element early.
std::string escape_script_source(std::string_view source);

// Text for HTML element content and quoted attributes: & < > " ' escaped.
std::string escape_html(std::string_view text);
// Appends the entity for one of & < > " ' (valid in HTML and XML alike) and returns true; false
// (nothing appended) for any other character.
bool append_markup_escaped(std::string& out, char c);

}  // namespace iotscope
