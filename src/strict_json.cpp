#include "strict_json.hpp"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>
#include <string>
#include <vector>

namespace parley {
namespace json = boost::json;

namespace {

/// Builds the value as Boost's own parser does (a value_stack), and also keeps the keys of each
/// open object to find a repeated one when the object closes.
struct strict_handler {
    static constexpr std::size_t max_object_size = json::object::max_size();
    static constexpr std::size_t max_array_size = json::array::max_size();
    static constexpr std::size_t max_key_size = json::string::max_size();
    static constexpr std::size_t max_string_size = json::string::max_size();

    json::value_stack st;
    std::vector<std::vector<std::string>> open_keys;
    std::string key;  // the key being read, when it comes in parts
    bool repeated = false;

    bool on_document_begin(json::error_code&) { return true; }
    bool on_document_end(json::error_code&) { return true; }
    bool on_object_begin(json::error_code&) {
        open_keys.emplace_back();
        return true;
    }
    bool on_object_end(std::size_t n, json::error_code& ec) {
        auto& keys = open_keys.back();
        std::sort(keys.begin(), keys.end());
        if (std::adjacent_find(keys.begin(), keys.end()) != keys.end()) {
            repeated = true;
            ec = json::error::syntax;  // stops the parser; the caller reports `repeated`
            return false;
        }
        open_keys.pop_back();
        st.push_object(n);
        return true;
    }
    bool on_array_begin(json::error_code&) { return true; }
    bool on_array_end(std::size_t n, json::error_code&) {
        st.push_array(n);
        return true;
    }
    bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
        key.append(s.data(), s.size());
        st.push_chars(s);
        return true;
    }
    bool on_key(json::string_view s, std::size_t, json::error_code&) {
        key.append(s.data(), s.size());
        open_keys.back().push_back(std::move(key));
        key.clear();
        st.push_key(s);
        return true;
    }
    bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
        st.push_chars(s);
        return true;
    }
    bool on_string(json::string_view s, std::size_t, json::error_code&) {
        st.push_string(s);
        return true;
    }
    bool on_number_part(json::string_view, json::error_code&) { return true; }
    bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
        st.push_int64(i);
        return true;
    }
    bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
        st.push_uint64(u);
        return true;
    }
    bool on_double(double d, json::string_view, json::error_code&) {
        st.push_double(d);
        return true;
    }
    bool on_bool(bool b, json::error_code&) {
        st.push_bool(b);
        return true;
    }
    bool on_null(json::error_code&) {
        st.push_null();
        return true;
    }
    bool on_comment_part(json::string_view, json::error_code&) { return true; }
    bool on_comment(json::string_view, json::error_code&) { return true; }
};

}  // namespace

boost::system::result<json::value, json_refusal> parse_strict_json(std::string_view text) {
    json::basic_parser<strict_handler> parser(json::parse_options{});
    parser.handler().st.reset();
    json::error_code ec;
    const auto read = parser.write_some(false, text.data(), text.size(), ec);
    if (parser.handler().repeated) return json_refusal::duplicate_key;
    if (ec || read != text.size()) return json_refusal::malformed;  // or text after the document
    return parser.handler().st.release();
}

}  // namespace parley
