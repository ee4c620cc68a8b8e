#include "store/tables.hpp"

namespace parley::store {

const std::vector<table>& schema_tables() {
    using enum column_kind;
    static const std::vector<table> tables{
        {"users",
         {{"id", integer},
          {"username", text},
          {"nickname", text},
          {"email", text},
          {"avatar", text},
          {"password_hash", text},
          {"created_at", integer},
          {"disabled_at", integer}},
         "id",
         "id"},
        {"sessions",
         {{"token_hash", text},
          {"user_id", integer},
          {"created_at", integer},
          {"expires_at", integer}},
         "token_hash",
         ""},
        {"groups",
         {{"id", integer},
          {"name", text},
          {"private", boolean},
          {"kind", text},
          {"created_by", integer},
          {"created_at", integer},
          {"last_seq", integer},
          {"topic", text}},
         "id",
         "id"},
        {"group_members",
         {{"group_id", integer},
          {"user_id", integer},
          {"role", text},
          {"joined_at", integer},
          {"last_read_seq", integer}},
         "group_id, user_id",
         ""},
        {"room_blocks",
         {{"group_id", integer}, {"user_id", integer}, {"blocked_at", integer}},
         "group_id, user_id",
         ""},
        {"direct_pairs",
         {{"user_low", integer}, {"user_high", integer}, {"group_id", integer}},
         "user_low, user_high",
         ""},
        {"messages",
         {{"id", integer},
          {"group_id", integer},
          {"user_id", integer},
          {"content", text},
          {"created_at", integer},
          {"seq", integer},
          {"client_msg_id", text},
          {"kind", integer},
          {"target_id", integer},
          {"reply_to", integer},
          {"edited_at", integer},
          {"deleted_at", integer},
          {"reaction_on", boolean},
          {"reaction_count", integer}},
         "id",
         "id"},
        {"reactions",
         {{"message_id", integer}, {"emoji", text}, {"user_id", integer}, {"created_at", integer}},
         "message_id, emoji, user_id",
         ""},
        {"mentions",
         {{"message_id", integer}, {"user_id", integer}, {"group_id", integer}, {"seq", integer}},
         "user_id, group_id, seq, message_id",
         ""},
        {"user_tags",
         {{"id", integer}, {"user_id", integer}, {"tag_name", text}, {"created_at", integer}},
         "id",
         "id"},
    };
    return tables;
}

std::string column_names(const table& t) {
    std::string out;
    for (const auto& c : t.columns) out += (out.empty() ? "" : ", ") + std::string(c.name);
    return out;
}

}  // namespace parley::store
