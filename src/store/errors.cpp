#include "store/errors.hpp"

namespace parley::store {
namespace {

class store_category final : public boost::system::error_category {
  public:
    const char* name() const noexcept override { return "parley.store"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
            case errc::not_found:
                return "not found";
            case errc::conflict:
                return "conflict";
            case errc::unavailable:
                return "database unavailable";
            case errc::invalid_argument:
                return "invalid argument";
            case errc::forbidden:
                return "forbidden";
            case errc::invalid_reference:
                return "invalid reference";
        }
        return "unknown store error";
    }
};

}  // namespace

const boost::system::error_category& category() noexcept {
    static const store_category instance;
    return instance;
}

}  // namespace parley::store
