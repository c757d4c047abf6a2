/*
 * Image Hub's rate limit as a proxy-wasm HTTP filter (ABI 0.2.1).
 *
 * Configuration (proxy_on_configure), e.g.
 *   {"paths": ["/pull"], "limits": {"Personal": 10, "Team": 100, "Enterprise": 0}}
 * limits requests per user per minute on the listed paths (0 = unlimited). The user and plan come from Image Hub's
 * token: the Authorization header holds base64 of {"username": ..., "plan": ...}, raw, without "Bearer".
 *
 * On a limited path: no or a broken token -> 401; over the plan's limit -> 429 with x-rate-limit and x-app-user;
 * otherwise the request continues. Other paths, and CORS preflights (OPTIONS, which carry no token), pass untouched.
 *
 * The count lives in the proxy's shared data under "rate-limit/<user>" as "<minute> <count>", updated with
 * compare-and-swap so that every worker thread (VM) of the proxy agrees on it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "json.h"
#include "proxy_wasm.h"

#define MAX_PATHS 32
#define MAX_PATH_LENGTH 256
#define MAX_PLANS 32
#define MAX_NAME_LENGTH 64
#define MAX_TOKEN_LENGTH 1024
#define CAS_ATTEMPTS 32
#define NANOSECONDS_PER_MINUTE 60000000000ULL

static struct {
    char paths[MAX_PATHS][MAX_PATH_LENGTH];
    int path_count;
    char plans[MAX_PLANS][MAX_NAME_LENGTH];
    uint64_t limits[MAX_PLANS];
    int plan_count;
} config;

/* ---- small helpers ---------------------------------------------------------------------------------------------- */

static void log_text(uint32_t level, const char *text) { proxy_log(level, text, strlen(text)); }

/* Appends text to a bounded buffer, always NUL-terminated; returns the new length. */
static size_t append(char *buffer, size_t capacity, size_t length, const char *text) {
    while (*text && length + 1 < capacity) buffer[length++] = *text++;
    buffer[length] = '\0';
    return length;
}

static size_t append_uint(char *buffer, size_t capacity, size_t length, uint64_t value) {
    char digits[21];
    int count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0);
    char reversed[21];
    for (int i = 0; i < count; i++) reversed[i] = digits[count - 1 - i];
    reversed[count] = '\0';
    return append(buffer, capacity, length, reversed);
}

static void log_config_error(const char *problem) {
    char message[512];
    size_t n = append(message, sizeof message, 0, "rate-limit: invalid configuration: ");
    n = append(message, sizeof message, n, problem);
    append(message, sizeof message, n,
           ". Expected JSON such as {\"paths\": [\"/pull\"], \"limits\": {\"Personal\": 10, \"Team\": 100, \"Enterprise\": 0}}");
    log_text(LOG_ERROR, message);
}

/* ---- configuration ---------------------------------------------------------------------------------------------- */

static int parse_paths(json_reader *reader) {
    int first, more;
    if (json_begin_array(reader, &first)) {
        log_config_error("\"paths\" must be an array of strings");
        return -1;
    }
    while ((more = json_next_element(reader, &first)) == 1) {
        if (config.path_count == MAX_PATHS) {
            log_config_error("\"paths\" lists more than 32 paths");
            return -1;
        }
        char *path = config.paths[config.path_count];
        if (json_read_string(reader, path, MAX_PATH_LENGTH, NULL) || path[0] != '/') {
            log_config_error("every entry of \"paths\" must be a string starting with '/' (at most 255 bytes)");
            return -1;
        }
        config.path_count++;
    }
    if (more < 0) log_config_error("\"paths\" is not a well-formed array");
    return more;
}

static int parse_limits(json_reader *reader) {
    int first, more;
    char plan[MAX_NAME_LENGTH];
    if (json_begin_object(reader, &first)) {
        log_config_error("\"limits\" must be an object of plan names to requests per minute");
        return -1;
    }
    while ((more = json_next_member(reader, &first, plan, sizeof plan)) == 1) {
        if (config.plan_count == MAX_PLANS) {
            log_config_error("\"limits\" names more than 32 plans");
            return -1;
        }
        if (json_read_uint(reader, &config.limits[config.plan_count])) {
            log_config_error("every limit must be a whole number of requests per minute, 0 for unlimited");
            return -1;
        }
        memcpy(config.plans[config.plan_count++], plan, sizeof plan);
    }
    if (more < 0) log_config_error("\"limits\" is not a well-formed object (plan names are at most 63 bytes)");
    return more;
}

static int parse_config(const char *text, size_t size) {
    json_reader reader;
    int first, more, seen_paths = 0, seen_limits = 0;
    char key[32];
    json_init(&reader, text, size);
    memset(&config, 0, sizeof config);
    if (json_begin_object(&reader, &first)) {
        log_config_error("it is not a JSON object");
        return -1;
    }
    while ((more = json_next_member(&reader, &first, key, sizeof key)) == 1) {
        if (strcmp(key, "paths") == 0 && !seen_paths) {
            seen_paths = 1;
            if (parse_paths(&reader)) return -1;
        } else if (strcmp(key, "limits") == 0 && !seen_limits) {
            seen_limits = 1;
            if (parse_limits(&reader)) return -1;
        } else {
            log_config_error("only \"paths\" and \"limits\" are allowed, each once");
            return -1;
        }
    }
    if (more < 0 || json_finish(&reader)) {
        log_config_error("it is not well-formed JSON");
        return -1;
    }
    if (!seen_paths || !seen_limits) {
        log_config_error("both \"paths\" and \"limits\" are required");
        return -1;
    }
    return 0;
}

/* ---- requests --------------------------------------------------------------------------------------------------- */

/* The request header's value as a NUL-terminated string the caller frees, or NULL when absent. */
static char *request_header(const char *name) {
    char *value = NULL;
    size_t size = 0;
    if (proxy_get_header_map_value(MAP_HTTP_REQUEST_HEADERS, name, strlen(name), &value, &size) != PROXY_OK) {
        free(value);
        return NULL;
    }
    char *text = malloc(size + 1);
    if (text) {
        if (size) memcpy(text, value, size);
        text[size] = '\0';
    }
    free(value);
    return text;
}

/* Whether the path, without its query string, is one of the configured paths. */
static int is_limited_path(const char *path) {
    size_t length = strcspn(path, "?#");
    for (int i = 0; i < config.path_count; i++) {
        if (strlen(config.paths[i]) == length && strncmp(config.paths[i], path, length) == 0) return 1;
    }
    return 0;
}

/* Decodes the token into user and plan; -1 when it is not base64 of a JSON object with both as non-empty strings. */
static int parse_token(const char *token, char *user, char *plan) {
    unsigned char decoded[MAX_TOKEN_LENGTH];
    size_t token_length = strlen(token);
    if (token_length == 0 || token_length > MAX_TOKEN_LENGTH) return -1;
    long size = base64_decode(token, token_length, decoded, sizeof decoded);
    if (size <= 0) return -1;

    json_reader reader;
    int first, more;
    char key[32];
    user[0] = plan[0] = '\0';
    json_init(&reader, (const char *)decoded, (size_t)size);
    if (json_begin_object(&reader, &first)) return -1;
    while ((more = json_next_member(&reader, &first, key, sizeof key)) == 1) {
        int failed;
        if (strcmp(key, "username") == 0) {
            failed = json_read_string(&reader, user, MAX_NAME_LENGTH, NULL);
        } else if (strcmp(key, "plan") == 0) {
            failed = json_read_string(&reader, plan, MAX_NAME_LENGTH, NULL);
        } else {
            failed = json_skip_value(&reader);
        }
        if (failed) return -1;
    }
    if (more < 0 || json_finish(&reader) || user[0] == '\0' || plan[0] == '\0') return -1;
    /* The user name is echoed in a response header: refuse control characters rather than forward them. */
    for (const char *c = user; *c; c++) {
        if ((unsigned char)*c < 0x20 || *c == 0x7F) return -1;
    }
    return 0;
}

static void send_response(uint32_t status, const char *body, const char *user, uint64_t limit, uint64_t retry_after) {
    /* Serialised header map (ABI): count, (name length, value length) pairs, then "name\0value\0" each. */
    const char *names[4] = {"content-type", "x-rate-limit", "x-app-user", "retry-after"};
    char values[4][MAX_NAME_LENGTH];
    int count = 1;
    append(values[0], MAX_NAME_LENGTH, 0, "text/plain; charset=utf-8");
    if (status == 429) {
        append_uint(values[1], MAX_NAME_LENGTH, 0, limit);
        append(values[2], MAX_NAME_LENGTH, 0, user);
        append_uint(values[3], MAX_NAME_LENGTH, 0, retry_after);
        count = 4;
    }
    _Alignas(uint32_t) char map[512];
    uint32_t *header = (uint32_t *)map;
    size_t offset = 4 + (size_t)count * 8;
    header[0] = (uint32_t)count;
    for (int i = 0; i < count; i++) {
        size_t name_length = strlen(names[i]), value_length = strlen(values[i]);
        header[1 + i * 2] = (uint32_t)name_length;
        header[2 + i * 2] = (uint32_t)value_length;
        memcpy(map + offset, names[i], name_length + 1);
        offset += name_length + 1;
        memcpy(map + offset, values[i], value_length + 1);
        offset += value_length + 1;
    }
    const char *details = status == 429 ? "rate_limited" : "missing_or_invalid_token";
    proxy_send_local_response(status, details, strlen(details), body, strlen(body), map, offset, -1);
}

/* Parses "<minute> <count>"; -1 when malformed (then the counter restarts). */
static int parse_counter(const char *value, size_t size, uint64_t *minute, uint64_t *count) {
    json_reader reader;
    json_init(&reader, value, size);
    if (json_read_uint(&reader, minute) || json_read_uint(&reader, count) || json_finish(&reader)) return -1;
    return 0;
}

/*
 * Counts one request for the user in this minute unless the limit is reached: 1 when allowed, 0 when over the
 * limit. Compare-and-swap retries when another VM updated the counter between our read and write.
 */
static int take_token(const char *user, uint64_t limit, uint64_t minute) {
    char key[MAX_NAME_LENGTH + 16];
    size_t key_length = append(key, sizeof key, 0, "rate-limit/");
    key_length = append(key, sizeof key, key_length, user);

    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
        char *value = NULL;
        size_t size = 0;
        uint32_t cas = 0;
        uint64_t stored_minute = 0, count = 0;
        uint32_t status = proxy_get_shared_data(key, key_length, &value, &size, &cas);
        if (status == PROXY_OK && parse_counter(value, size, &stored_minute, &count) == 0 && stored_minute != minute) {
            count = 0; /* a new minute: the old count no longer matters */
        }
        free(value);
        if (status != PROXY_OK) cas = 0; /* first request of this user: create the key */
        if (count >= limit) return 0;

        char updated[48];
        size_t n = append_uint(updated, sizeof updated, 0, minute);
        n = append(updated, sizeof updated, n, " ");
        n = append_uint(updated, sizeof updated, n, count + 1);
        status = proxy_set_shared_data(key, key_length, updated, n, cas);
        if (status == PROXY_OK) return 1;
        if (status != PROXY_CAS_MISMATCH) break;
    }
    log_text(LOG_WARN, "rate-limit: could not update the shared counter; letting the request through");
    return 1;
}

static uint32_t filter_request(void) {
    char *method = request_header(":method");
    char *path = request_header(":path");
    int limited = path && is_limited_path(path) && !(method && strcmp(method, "OPTIONS") == 0);
    free(method);
    free(path);
    if (!limited) return ACTION_CONTINUE;

    char *token = request_header("authorization");
    char user[MAX_NAME_LENGTH], plan[MAX_NAME_LENGTH];
    if (!token) {
        send_response(401, "Missing token: send the token from POST /auth in the Authorization header.\n", "", 0, 0);
        return ACTION_PAUSE;
    }
    int parsed = parse_token(token, user, plan);
    free(token);
    if (parsed) {
        send_response(401, "Invalid token: sign in again with POST /auth.\n", "", 0, 0);
        return ACTION_PAUSE;
    }

    int index = -1;
    for (int i = 0; i < config.plan_count; i++) {
        if (strcmp(config.plans[i], plan) == 0) index = i;
    }
    if (index < 0) {
        send_response(401, "Invalid token: its plan has no rate limit configured.\n", "", 0, 0);
        return ACTION_PAUSE;
    }
    uint64_t limit = config.limits[index];
    if (limit == 0) return ACTION_CONTINUE;

    uint64_t now = 0;
    proxy_get_current_time_nanoseconds(&now);
    uint64_t minute = now / NANOSECONDS_PER_MINUTE;
    if (take_token(user, limit, minute)) return ACTION_CONTINUE;

    uint64_t retry_after = ((minute + 1) * NANOSECONDS_PER_MINUTE - now + 999999999ULL) / 1000000000ULL;
    send_response(429, "Limit exceeded.\n", user, limit, retry_after);
    char message[160];
    size_t n = append(message, sizeof message, 0, "rate-limit: ");
    n = append(message, sizeof message, n, user);
    n = append(message, sizeof message, n, " is over the ");
    n = append(message, sizeof message, n, plan);
    n = append(message, sizeof message, n, " limit of ");
    n = append_uint(message, sizeof message, n, limit);
    append(message, sizeof message, n, " requests per minute");
    log_text(LOG_DEBUG, message);
    return ACTION_PAUSE;
}

/* ---- proxy-wasm callbacks --------------------------------------------------------------------------------------- */

CALLBACK(proxy_abi_version_0_2_1)
void proxy_abi_version_0_2_1(void) {}

CALLBACK(proxy_on_memory_allocate)
void *proxy_on_memory_allocate(size_t size) { return malloc(size); }

CALLBACK(proxy_on_context_create)
void proxy_on_context_create(uint32_t context_id, uint32_t parent_context_id) {
    (void)context_id;
    (void)parent_context_id;
}

CALLBACK(proxy_on_vm_start)
uint32_t proxy_on_vm_start(uint32_t root_context_id, size_t vm_configuration_size) {
    (void)root_context_id;
    (void)vm_configuration_size;
    return 1;
}

CALLBACK(proxy_on_configure)
uint32_t proxy_on_configure(uint32_t root_context_id, size_t configuration_size) {
    (void)root_context_id;
    char *text = NULL;
    size_t size = 0;
    if (configuration_size == 0 ||
        proxy_get_buffer_bytes(BUFFER_PLUGIN_CONFIGURATION, 0, configuration_size, &text, &size) != PROXY_OK) {
        free(text);
        log_config_error("the plugin configuration is empty");
        return 0;
    }
    int result = parse_config(text, size);
    free(text);
    if (result) return 0;

    char message[128];
    size_t n = append(message, sizeof message, 0, "rate-limit: limiting ");
    n = append_uint(message, sizeof message, n, (uint64_t)config.path_count);
    n = append(message, sizeof message, n, " path(s) for ");
    n = append_uint(message, sizeof message, n, (uint64_t)config.plan_count);
    append(message, sizeof message, n, " plan(s) per minute");
    log_text(LOG_INFO, message);
    return 1;
}

CALLBACK(proxy_on_request_headers)
uint32_t proxy_on_request_headers(uint32_t context_id, uint32_t header_count, uint32_t end_of_stream) {
    (void)context_id;
    (void)header_count;
    (void)end_of_stream;
    return filter_request();
}

CALLBACK(proxy_on_done)
uint32_t proxy_on_done(uint32_t context_id) {
    (void)context_id;
    return 1;
}

CALLBACK(proxy_on_delete)
void proxy_on_delete(uint32_t context_id) { (void)context_id; }
