#pragma once
// Every setting of `parley serve` and every fixed limit of the server, each with its default and
// the reason for it. Validation rules of the API (name lengths and the like) live beside the
// code that checks them: auth/rules.hpp and api/validation.hpp.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace parley {

/// How often something may be done: a burst at once, then `per_second` on average (a token
/// bucket). A per_second of 0 turns the limit off.
struct rate_limit {
    double per_second = 0;
    double burst = 0;
    bool on() const { return per_second > 0 && burst >= 1; }
};

/// Limits on what one user, connection or address may do (`--limit NAME=RATE/BURST`). Each is
/// far above what a person in a team chat does and far below what a script does; the server
/// answers a request over its limit with `rate_limited` (REST: 429 with Retry-After) and does
/// none of its work.
struct abuse_limits {
    /// Chat messages per user: a fast typist or a pasted list gets 30 at once, a script flooding
    /// a room gets 5/s instead of the 35,000/s the server would otherwise store and fan out.
    rate_limit messages{5, 30};
    /// Joins per connection: a client opening every room it is in at start, then a room a second.
    rate_limit joins{5, 200};
    /// Other requests per connection (history, list, ping): paging back quickly is fine, a loop
    /// asking for history is not.
    rate_limit requests{10, 60};
    /// Malformed frames (not JSON, unknown type, bad fields) per connection: a buggy client gets
    /// a few errors to notice; past the burst the connection is closed with 1008.
    rate_limit invalid{0.2, 10};
    /// Requests refused for a rate limit, per connection, counting only those sent before the
    /// `retryAfterMs` of the previous refusal: past the burst a client that ignores
    /// `rate_limited` is closed with 1008; one that waits as told never is.
    rate_limit refusals{1, 50};
    /// WebSocket ping frames per connection (each costs a pong): a client library pings every
    /// few seconds at most; past the burst the connection is closed with 1008.
    rate_limit pings{2, 20};
    /// Sign-in attempts per username (known or not, alike) from one address, or from one known
    /// device (one that signed in to the account before, wherever it is now): 10 tries, then
    /// one every 10 s. Guesses made elsewhere never hold the owner's devices back.
    rate_limit logins_per_account{0.1, 10};
    /// Sign-in attempts per username from devices not known to the account, every address
    /// together: guessing from many addresses (a botnet) gets about 8,600 tries a day, so a
    /// password takes centuries; only new devices wait once it is spent.
    rate_limit logins_per_account_anywhere{0.1, 30};
    /// Sign-in attempts per client address: an office behind one NAT signing in at 9:00.
    rate_limit logins_per_ip{1, 30};
    /// New accounts per client address: a family or a classroom, not a bot farm.
    rate_limit registrations_per_ip{1.0 / 60, 10};
    /// Rooms created per user (groups and 1:1 chats opened).
    rate_limit rooms_per_user{0.2, 30};
    /// Other users a user adds to private groups: a team lead bringing in a team of 30, not a
    /// spammer putting strangers into room after room (each lands in their sidebar).
    rate_limit invites_per_user{0.1, 30};
    /// File uploads per user: dropping 30 screenshots at once, then one every two seconds (30 a
    /// minute); a script filling the disk waits.
    rate_limit uploads_per_user{0.5, 30};

    /// Every limit off (benchmarks, tests that flood on purpose).
    static abuse_limits none() {
        abuse_limits off;
        for (auto* r : off.all()) *r = {};
        return off;
    }
    /// Each limit with its flag name.
    std::vector<std::pair<const char*, rate_limit*>> named() {
        return {{"messages", &messages},
                {"joins", &joins},
                {"requests", &requests},
                {"invalid", &invalid},
                {"refusals", &refusals},
                {"pings", &pings},
                {"logins-per-account", &logins_per_account},
                {"logins-per-account-anywhere", &logins_per_account_anywhere},
                {"logins-per-ip", &logins_per_ip},
                {"registrations-per-ip", &registrations_per_ip},
                {"rooms-per-user", &rooms_per_user},
                {"invites-per-user", &invites_per_user},
                {"uploads-per-user", &uploads_per_user}};
    }
    std::vector<rate_limit*> all() {
        std::vector<rate_limit*> out;
        for (auto& [name, r] : named()) out.push_back(r);
        return out;
    }
};

/// Settings of one server. The defaults are what `parley serve` uses without flags.
struct server_config {
    std::string host = "127.0.0.1";  ///< loopback: expose deliberately, not by accident
    std::uint16_t port = 3000;       ///< 0 picks a free port
    std::string db_url = "sqlite:data/parley.db";  ///< where everything is stored
    std::string redis_url;  ///< redis://host:port shared by several nodes; empty: this node alone
    std::string redis_prefix = "parley:";  ///< of every Redis name: deployments can share a Redis
    std::string web_root;                  ///< static client files; empty serves none
    std::vector<std::string> allowed_origins;         ///< other origins that may open /ws
    std::chrono::milliseconds ping_interval{30'000};  ///< keep-alive ping period (design: 30 s)
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());  ///< one per core
    unsigned shards = 0;  ///< room shards; 0 = one per network thread, so every core orders rooms
    unsigned blocking_threads = 4;  ///< store calls: enough to hide the database's I/O
    /// Password hashing (argon2id, ~50 ms and 64 MiB each) has threads of its own, so a flood of
    /// sign-ins cannot hold up other requests: half the cores, leaving the rest for chat.
    unsigned hashing_threads = std::max(1u, std::thread::hardware_concurrency() / 2);
    /// Sign-ins, registrations and password changes queued or running at once; more get
    /// 503 `busy` at once. 64 are ~1.6 s of work on two hashing threads.
    std::size_t hashing_queue = 64;
    /// Open WebSockets per user on this node: every tab on every device of a person, with room
    /// to spare; a script opening thousands is refused (429 too_many_connections).
    std::size_t max_connections_per_user = 64;
    /// Open WebSockets per client address on this node: a large office behind one NAT.
    std::size_t max_connections_per_ip = 2000;
    /// HTTP connections per client address that are not WebSockets (yet): handshakes in progress
    /// and REST keep-alives. A browser holds about six; one address holding hundreds is holding
    /// descriptors (slowloris). Not applied with trust_proxy, where every connection comes
    /// from the proxy (limit there: nginx's limit_conn).
    std::size_t max_pending_per_ip = 256;
    std::size_t max_message_chars = 4000;     ///< longest chat message, in characters
    std::size_t max_frame_bytes = 64 * 1024;  ///< larger frames close with 1009
    std::size_t max_body_bytes = 64 * 1024;   ///< larger REST bodies answer 413
    /// Bytes queued for one client past which it is cut off at once, reading or not: slower than
    /// what it is sent (a phone on a bad link in a busy room), it would otherwise grow without
    /// bound. Room for a burst of its own history answers (30 pages of long messages).
    std::size_t max_send_queue_bytes = 16 * 1024 * 1024;
    /// Bytes queued for every socket of the node together: past it, each client with more than
    /// limits::stalled_reader_bytes waiting is cut off as its next frame comes, so memory stays
    /// bounded however many sockets stop reading (2,000 per address are allowed).
    std::size_t max_total_send_queue_bytes = 256 * 1024 * 1024;
    bool secure_cookies = false;  ///< mark the session cookie Secure (HTTPS)
    /// PEM certificate chain and private key: both set, the port serves HTTPS and WSS only (and
    /// cookies are Secure); both empty, plain HTTP. Read once at startup.
    std::string tls_cert, tls_key;
    std::chrono::seconds session_ttl{30 * 24 * 3600};  ///< how long a sign-in lasts
    /// How often the node asks the database whether its sockets' sessions still exist: a
    /// session ended by another process (parley admin) or whose bus event was lost (Redis away)
    /// closes its sockets within this. One indexed read per 500 sessions each time.
    std::chrono::milliseconds session_check_interval{10'000};
    /// How long a room's frame waits for a missing predecessor before the gap is read from the
    /// message log: long enough for a bus's reordering, short enough that nobody notices.
    std::chrono::milliseconds bus_gap_timeout{200};
    abuse_limits abuse;  ///< rate limits per user, connection and address
    /// Behind a reverse proxy (nginx): a client's address is the last one in X-Forwarded-For,
    /// which the proxy appends, instead of the proxy's own. Never without a proxy in front:
    /// clients could then pick any address.
    bool trust_proxy = false;
    /// Where GET /metrics is served (HOST:PORT, e.g. 127.0.0.1:9100); empty: nowhere. Never
    /// the public address: it is for the operators' Prometheus.
    std::string metrics_listen;
    /// Where uploaded files' bytes are kept: a folder of this node's, or one every node mounts
    /// (NFS and the like) when several serve the same workspace. Empty: no file uploads.
    std::string files_dir = "data/files";
    /// Largest file: a screen recording or a deck fits; a disk image does not. Uploads past it
    /// answer 413, before their body is read when Content-Length says so.
    std::uint64_t max_file_bytes = 100ull * 1024 * 1024;
    /// Bytes each user may have uploaded in all (files deleted with their message or room no
    /// longer count): 10 GiB is years of a person's screenshots and documents, and bounds what
    /// one account can do to the disk. 0: no quota.
    std::uint64_t upload_quota_bytes = 10ull * 1024 * 1024 * 1024;
};

/// Fixed limits: not worth a flag, but each one a decision.
namespace limits {

/// How much earlier than `retryAfterMs` a client may come back and still count as having
/// waited: browsers' timers and the network shift the moment by a few milliseconds.
inline constexpr std::chrono::milliseconds rate_limit_timer_slack{20};

/// How long a browser keeps the cookie that makes it a known device of an account (it is
/// renewed at every sign-in): a person who signs in once a year is not a stranger.
inline constexpr std::chrono::seconds known_device_cookie_age{std::chrono::hours(24 * 400)};

/// Keys (users, addresses, connections) one rate limiter tracks at most: ~100 bytes each, so
/// ~10 MB; past it the table is cleared rather than grown by someone inventing addresses.
inline constexpr std::size_t rate_limit_keys = 100'000;

/// Out of file descriptors, the listener waits before accepting again (the connection stays in
/// the kernel's backlog): 10 ms, doubling to 1 s, instead of failing the same accept in a loop.
inline constexpr std::chrono::milliseconds accept_retry_min{10};
inline constexpr std::chrono::milliseconds accept_retry_max{1000};
/// A client gets this long to send each HTTP request: slow-loris connections do not pile up.
inline constexpr auto http_request_timeout = std::chrono::seconds(30);
/// A TLS handshake, and a TLS close at the end of a connection, must finish within this: a real
/// client needs a few round trips; a peer that stalls one holds a descriptor and memory.
inline constexpr auto tls_handshake_timeout = std::chrono::seconds(10);
/// Largest HTTP header block: browsers send a few KiB; more is abuse.
inline constexpr std::size_t http_header_bytes = 16 * 1024;

/// Requests of one WebSocket that may wait in the server at once: plenty for a client that
/// waits for answers, and a bound on what a flooding one can make the server hold. Reading
/// resumes at half.
inline constexpr int ws_requests_in_flight = 256;
/// A client with more than this queued (a few kernel socket buffers' worth: it is behind) is
/// watched for progress...
inline constexpr std::size_t stalled_reader_bytes = 256 * 1024;
/// ...and cut off once no socket write to it has finished for this long: it has stopped
/// reading, long before the ping timeout would notice. One that reads keeps up with bursts of
/// its own history answers however large (each write that ends restarts the clock).
inline constexpr auto slow_client_stall = std::chrono::seconds(5);
/// The kernel's send buffer of each WebSocket (SO_SNDBUF; Linux doubles it): without a bound,
/// autotuning gives a socket that does not read megabytes of kernel memory. Chat frames are
/// small; 128 KiB keeps a fast reader's writes large.
inline constexpr int ws_socket_send_buffer = 128 * 1024;
/// A client that is not reading cannot receive a close frame either: it gets little time.
inline constexpr auto slow_client_close_grace = std::chrono::seconds(1);
/// Within the server's own shutdown wait, so a clean 1001 has time to arrive.
inline constexpr auto shutdown_close_grace = std::chrono::seconds(2);
/// How long any other close handshake may take before the socket is simply closed.
inline constexpr auto default_close_grace = std::chrono::seconds(5);
/// How long shutdown waits for WebSocket close handshakes before cutting connections.
inline constexpr auto shutdown_close_wait = std::chrono::seconds(3);

/// Messages sent with `joined`: a screenful and more, in one frame of a few tens of KiB.
inline constexpr int join_history = 100;
/// Most messages one `history` request or REST page returns: bounds one read and one frame.
inline constexpr int history_page_max = 100;
/// Joins of one room waiting together share one history read from their smallest `since` when
/// the `since`s lie at most this far apart (a reconnect storm: nearly the same); the read is then
/// at most join_history + this many messages. Farther apart, each `since` is read on its own.
inline constexpr std::int64_t join_backfill_spread = 1000;
/// A room keeps the history pages its last joins read for this long, serving later joins from
/// them while nothing new was stored: a reconnect storm spread over a second costs a room one
/// backfill per node, and a quiet room holds no page for long.
inline constexpr std::chrono::milliseconds join_page_reuse{1000};
/// Groups one GET /groups page lists, by default and at most: a browsing page, not the whole
/// server (a community can have tens of thousands of public groups).
inline constexpr int group_page_default = 100;
inline constexpr int group_page_max = 200;
/// Characters of a message's text in `room_activity`: a sidebar line, not the message.
inline constexpr std::size_t activity_preview_chars = 140;
/// Characters of the original quoted with a reply: enough to recognise it, not a copy.
inline constexpr std::size_t reply_quote_chars = 200;
/// Distinct emoji on one message: past it a new emoji is refused (existing ones can still be
/// added to), so one message cannot grow a page read without bound.
inline constexpr std::int64_t reactions_per_message_max = 20;
/// Users listed with each emoji of a message in history (the count is always exact): enough
/// for "alice, bob and 3 others", bounded in a room of thousands.
inline constexpr std::size_t reaction_users_listed = 50;
/// Longest emoji accepted, in bytes: the longest standard sequences (families, flags with
/// tags) are under 40; anything longer is not one emoji.
inline constexpr std::size_t emoji_max_bytes = 64;
/// Distinct users mentioned by one message who are recorded; the rest are plain text.
inline constexpr std::size_t mentions_per_message_max = 50;
/// A user's `typing` in a room is passed on at most this often; clients send it about every 3 s
/// while typing, so one of two is enough.
inline constexpr std::chrono::milliseconds typing_interval{2000};
/// How long clients show "typing…" after the last `typing` event (documented, client-side).
inline constexpr std::chrono::milliseconds typing_expiry{5000};
/// Longest search text, in characters: a phrase, not a document.
inline constexpr std::size_t search_query_max_chars = 200;
/// Search results per page when `limit` is not given, and at most.
inline constexpr int search_page_default = 20;
inline constexpr int search_page_max = 50;
/// Matches marked per result: enough to show where, bounded for a text full of one letter.
inline constexpr std::size_t search_marks_max = 20;
/// The SQLite search index is filled between commits, this many rows at a time (about a
/// millisecond of work), so a message that arrives meanwhile waits little.
inline constexpr int search_index_chunk_rows = 32;
/// Fewer rows than a chunk are indexed once no message has been stored for this long: while
/// messages trickle in, a step per message would cost a transaction (and WAL pages) per message
/// and hold up the next commit behind it.
inline constexpr std::chrono::milliseconds search_index_quiet{100};
/// What a search indexes first, at most, of what the writer has not indexed yet: it finds
/// everything stored before it, unless the index is that far behind (a rebuild in progress).
inline constexpr int search_catch_up_rows = 20000;
/// A search of one or two characters cannot use the trigram index: it reads at most this many of
/// the newest messages, so it costs the same however large the database grows.
inline constexpr std::int64_t search_short_scan_rows = 100000;
/// Unread messages counted per room for GET /me/rooms: past it a client shows "999+"; the
/// count reads at most this many index entries, however far behind the reader is.
inline constexpr std::int64_t unread_count_max = 1000;
/// A REST history page when `limit` is not given.
inline constexpr int history_page_default = 50;
/// Most messages one gap fill reads from the log; a longer gap takes several rounds.
inline constexpr int gap_fill_max = 1000;
/// With a shared bus (Redis), how often each room shard checks its active rooms' last seqs in
/// the database against what it delivered, and reads what it lacks: a message whose publish
/// was lost (its node's Redis link was down) reaches the room's sockets within this long, even
/// in a room where nothing follows it. One indexed query per shard and interval.
inline constexpr std::chrono::milliseconds reconcile_interval{1000};
/// Most messages one catch-up read of many rooms asks for (after the bus was away): 10,000
/// rooms a message behind each take two queries, and no answer holds more than a few MB.
inline constexpr std::int64_t catch_up_batch_messages = 5000;

/// Users POST /groups may add at once: bounds one request's work.
inline constexpr std::size_t initial_members_max = 100;
/// Results of a /nicknames search, by default and at most: a picker shows a handful.
inline constexpr int nickname_results_default = 20;
inline constexpr int nickname_results_max = 50;

/// The blocking pool's queues (throttle::work_scheduler). Interactive work (handshakes,
/// one-row reads, writes) waits in one queue: 4,096 jobs are seconds of work, past which a request
/// gets 503 `busy` at once instead of a late answer. Heavy reads (history pages, searches) take
/// turns between users, 1,024 waiting in all and 32 per user (a client opening a few rooms'
/// history at once, within the `requests` limit's burst; a loop across many sockets gets
/// `busy`), and run on all blocking threads but one, which stays free for handshakes and cheap
/// reads.
inline constexpr std::size_t blocking_interactive_waiting = 4096;
inline constexpr std::size_t blocking_heavy_waiting = 1024;
inline constexpr std::size_t blocking_heavy_waiting_per_user = 32;
/// `parley health`: a node that takes longer than this to answer /readyz counts as unhealthy
/// (a container runtime's HEALTHCHECK gives up at its own timeout, typically 30 s).
inline constexpr std::chrono::milliseconds health_probe_timeout{3000};
/// When a WebSocket request refused for a full queue may come back (`retryAfterMs`).
inline constexpr std::chrono::milliseconds busy_retry_after{1000};

/// SQLite read connections: one per blocking thread and shard is plenty; each costs memory.
inline constexpr std::size_t sqlite_readers = 8;
/// PostgreSQL connections for accounts, rooms and reads (the message log has one of its own):
/// as many as the blocking pool and the shards can use at once; each costs the server ~10 MB.
inline constexpr std::size_t postgres_pool_size = 8;
/// How long a request waits for a free PostgreSQL connection before it fails with unavailable.
inline constexpr std::chrono::milliseconds postgres_pool_wait{2000};
/// Reconnecting to Redis: the first retry after 50 ms, doubling to one every 500 ms, so a Redis
/// that comes back (a restart takes about a second) is used again within half a second. A
/// refused connect costs microseconds: even 100 nodes retrying twice a second are no storm.
inline constexpr std::chrono::milliseconds redis_retry_min{50};
inline constexpr std::chrono::milliseconds redis_retry_max{500};
/// Channels named in one SUBSCRIBE or UNSUBSCRIBE: 10,000 rooms resubscribe in 20 commands,
/// none of them large enough (~10 kB) to hold up the subscriber connection's other traffic.
inline constexpr std::size_t redis_channels_per_command = 500;
/// Presence across nodes: each node announces its whole presence state this often, so a lost
/// change (Redis away for a moment) is put right within 5 s...
inline constexpr std::chrono::milliseconds presence_heartbeat{5000};
/// ...and a node unheard for this long (three heartbeats) is taken for dead: its users leave
/// their rooms within 15-20 s of its end, inside the 30 s operators were promised, while a
/// node stalled for a few seconds (a swapping host, a slow Redis) is not dropped.
inline constexpr std::chrono::milliseconds presence_node_timeout{15000};
/// Rows `parley copy` moves per statement: 1,000 rows of 7 columns stay far below PostgreSQL's
/// 65,535 parameters per statement, and one batch of messages is a few hundred kB in memory.
inline constexpr std::size_t copy_batch_rows = 1000;
/// How many times a shard puts off handing a burst of appends to the log while more keep
/// arriving in the same turns of its thread: bounds what one burst can add to its first
/// message's latency (each look is one pass through the thread's queue).
inline constexpr int append_gather_rounds = 16;
/// What a connection's write buffer starts with when a turn's first frame arrives: a turn of
/// a busy room (several frames of ~100-200 bytes) fits without regrowing, and a block this small
/// is recycled by malloc's per-thread cache when the buffer is given back after the write.
inline constexpr std::size_t write_buffer_first_capacity = 1000;
/// Messages one group commit may hold: keeps one transaction's latency bounded under a flood.
inline constexpr std::size_t log_batch_max = 1024;

/// Free heap a malloc arena keeps instead of handing back to the system. glibc's default
/// (128 KiB, adjusted upwards at run time) made every fan-out burst end in an madvise() and a
/// TLB shoot-down across cores, about 11 % of the server's CPU in the 1 x 1000 fan-out; a few
/// MiB per arena keeps a burst's buffers for the next one at a cost of at most that per thread.
inline constexpr std::size_t malloc_trim_threshold = 4 * 1024 * 1024;
/// How often the server checks whether a burst has ended and its freed heap can go back to the
/// system (net::memory_trimmer), and how much must have been freed first: a trim walks every
/// arena for up to ~10 ms (measured after a burst to 10,000 connections), so it runs on the
/// blocking pool, only when traffic has paused for a whole interval, and only when it gains MiBs.
inline constexpr std::chrono::milliseconds memory_trim_interval{1000};
inline constexpr std::size_t memory_trim_min_released = 4 * 1024 * 1024;
/// Bytes Beast's own frames (handshake answer, pongs, close) may fill in a connection's write
/// buffer before Beast waits for the socket; the chat's frames are bounded by max_send_queue.
inline constexpr std::size_t ws_stream_high_water = 64 * 1024;
/// How long a SQLite statement waits for a lock another process holds (parley backup, an admin
/// command, sqlite3 in a shell) before the request fails `unavailable`: long enough for any
/// short transaction, short enough that a stuck lock is an error, not a hang.
inline constexpr std::chrono::milliseconds sqlite_busy_timeout{5000};
/// How long /readyz waits for the SQLite write lock: a load balancer's check must not hang.
inline constexpr std::chrono::milliseconds readiness_lock_wait{1000};
/// Sessions asked about in one query by the session check: a short query, a small parameter.
inline constexpr std::size_t session_check_batch = 500;
/// Files one message carries: a handful of screenshots or documents at once (Slack allows 10).
inline constexpr std::size_t files_per_message_max = 10;
/// Longest file name kept, in bytes (a longer one is cut at a character boundary): what file
/// systems allow.
inline constexpr std::size_t file_name_max_bytes = 255;
/// What a multipart upload's body may carry besides its files' bytes (part headers, the
/// boundaries): a request longer than max_file_bytes plus this is refused from its
/// Content-Length.
inline constexpr std::uint64_t upload_overhead_bytes = 64 * 1024;
/// Files never attached to a message are deleted after this: a message typed over a lunch
/// break still finds its upload; abandoned uploads do not stay forever.
inline constexpr std::chrono::hours unattached_file_age{24};
/// Blobs no file names are removed only after this, so that one written a moment ago whose
/// row is being added is never taken for garbage.
inline constexpr std::chrono::minutes unnamed_blob_age{60};
/// How often the sweep of unattached files and unnamed blobs runs.
inline constexpr std::chrono::minutes file_sweep_interval{60};
/// The largest image (in pixels) given a thumbnail: a 100-megapixel camera's photo is; a
/// decompression bomb (a small file that says it is 50,000 x 50,000) is never decoded.
inline constexpr std::int64_t image_pixels_max = 100'000'000;
/// Thumbnails fit this box (pixels, each side): sharp in the message list on a 2x screen.
inline constexpr int thumbnail_box = 480;
/// The slowest download a connection is kept open for: a 100 MB file gets 30 s plus 53 min.
inline constexpr std::uint64_t download_min_bytes_per_second = 32 * 1024;
/// How long downloads may be cached by the browser: a file's bytes never change under its id.
inline constexpr std::chrono::seconds file_cache_age{std::chrono::hours(24 * 365)};

}  // namespace limits
}  // namespace parley
