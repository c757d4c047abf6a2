/*
 * The proxy-wasm ABI 0.2.1 host functions and constants this filter uses, declared from the specification
 * (https://github.com/proxy-wasm/spec/tree/main/abi-versions/v0.2.1).
 */
#ifndef RATE_LIMIT_PROXY_WASM_H
#define RATE_LIMIT_PROXY_WASM_H

#include <stddef.h>
#include <stdint.h>

#define HOST_CALL(name) __attribute__((import_module("env"), import_name(#name)))
#define CALLBACK(name) __attribute__((export_name(#name)))

enum proxy_status {
    PROXY_OK = 0,
    PROXY_NOT_FOUND = 1,
    PROXY_CAS_MISMATCH = 8,
};

enum proxy_log_level {
    LOG_TRACE = 0,
    LOG_DEBUG = 1,
    LOG_INFO = 2,
    LOG_WARN = 3,
    LOG_ERROR = 4,
};

enum proxy_action {
    ACTION_CONTINUE = 0,
    ACTION_PAUSE = 1,
};

enum { BUFFER_PLUGIN_CONFIGURATION = 7 };
enum { MAP_HTTP_REQUEST_HEADERS = 0 };

HOST_CALL(proxy_log)
uint32_t proxy_log(uint32_t level, const char *message, size_t message_size);

HOST_CALL(proxy_get_current_time_nanoseconds)
uint32_t proxy_get_current_time_nanoseconds(uint64_t *return_time);

HOST_CALL(proxy_get_buffer_bytes)
uint32_t proxy_get_buffer_bytes(uint32_t buffer, size_t start, size_t max_size, char **return_data, size_t *return_size);

HOST_CALL(proxy_get_header_map_value)
uint32_t proxy_get_header_map_value(uint32_t map, const char *key, size_t key_size, char **return_value,
                                    size_t *return_size);

HOST_CALL(proxy_send_local_response)
uint32_t proxy_send_local_response(uint32_t status_code, const char *details, size_t details_size, const char *body,
                                   size_t body_size, const char *headers, size_t headers_size, int32_t grpc_status);

HOST_CALL(proxy_get_shared_data)
uint32_t proxy_get_shared_data(const char *key, size_t key_size, char **return_value, size_t *return_size,
                               uint32_t *return_cas);

HOST_CALL(proxy_set_shared_data)
uint32_t proxy_set_shared_data(const char *key, size_t key_size, const char *value, size_t value_size, uint32_t cas);

#endif
