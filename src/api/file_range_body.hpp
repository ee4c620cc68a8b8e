#pragma once
// A Beast body that sends one byte range of an open file, read a chunk at a time as the
// connection takes it: downloads of any size in bounded memory.
#include <array>
#include <boost/beast/core/file.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <cstdint>
#include <utility>

namespace parley::api {

/// Body of `length` bytes of `file` from `offset` (the whole file: 0 and its size).
struct file_range_body {
    struct value_type {
        boost::beast::file file;
        std::uint64_t offset = 0;
        std::uint64_t length = 0;
    };

    static std::uint64_t size(const value_type& v) { return v.length; }

    /// Reads the range into a buffer of its own, one chunk per get(). One thread at a time.
    class writer {
      public:
        using const_buffers_type = boost::asio::const_buffer;

        template <bool isRequest, class Fields>
        writer(boost::beast::http::header<isRequest, Fields>&, value_type& body)
            : body_(body), remain_(body.length) {}

        void init(boost::beast::error_code& ec) { body_.file.seek(body_.offset, ec); }

        boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
            const auto amount =
                static_cast<std::size_t>(std::min<std::uint64_t>(remain_, buffer_.size()));
            if (amount == 0) {
                ec = {};
                return boost::none;
            }
            const auto n = body_.file.read(buffer_.data(), amount, ec);
            if (ec) return boost::none;
            if (n == 0) {  // the file shrank under us: the promised length cannot be sent
                ec = boost::beast::http::error::short_read;
                return boost::none;
            }
            remain_ -= n;
            return {{const_buffers_type{buffer_.data(), n}, remain_ > 0}};
        }

      private:
        value_type& body_;
        std::uint64_t remain_;
        std::array<char, 64 * 1024> buffer_{};
    };
};

}  // namespace parley::api
