#include <boost/json/parse.hpp>

#include "store/files.hpp"

namespace parley::store {

std::vector<file_summary> parse_file_list(std::string_view json) {
    std::vector<file_summary> out;
    boost::system::error_code ec;
    auto v = boost::json::parse(json, ec);
    if (ec || !v.is_array()) return out;
    auto number = [](const boost::json::value& x) -> std::optional<int> {
        if (x.is_int64()) return static_cast<int>(x.get_int64());
        return std::nullopt;
    };
    for (const auto& item : v.get_array()) {
        const auto* a = item.if_array();
        if (!a || a->size() != 7 || !(*a)[0].is_string()) continue;
        file_summary f;
        f.id = (*a)[0].get_string();
        f.name = (*a)[1].is_string() ? std::string((*a)[1].get_string()) : "";
        f.size = (*a)[2].is_int64() ? (*a)[2].get_int64() : 0;
        f.content_type = (*a)[3].is_string() ? std::string((*a)[3].get_string()) : "";
        f.width = number((*a)[4]);
        f.height = number((*a)[5]);
        const auto& thumb = (*a)[6];
        f.has_thumbnail =
            thumb.is_bool() ? thumb.get_bool() : thumb.is_int64() && thumb.get_int64();
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace parley::store
