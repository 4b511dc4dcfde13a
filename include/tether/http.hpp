#pragma once
/// @file
/// Everything for HTTP: the client, requests and responses, the interceptor
/// chain, bodies and sinks.

#include <tether/core/classify.hpp>
#include <tether/core/exceptions.hpp>
#include <tether/core/result.hpp>
#include <tether/http/body.hpp>
#include <tether/http/cache.hpp>
#include <tether/http/cache_store.hpp>
#include <tether/http/call_options.hpp>
#include <tether/http/circuit_breaker.hpp>
#include <tether/http/client.hpp>
#include <tether/http/client_options.hpp>
#include <tether/http/headers.hpp>
#include <tether/http/interceptor.hpp>
#include <tether/http/json.hpp>
#include <tether/http/logging.hpp>
#include <tether/http/metrics.hpp>
#include <tether/http/proxy.hpp>
#include <tether/http/request.hpp>
#include <tether/http/response.hpp>
#include <tether/http/response_sink.hpp>
#include <tether/http/retry.hpp>
#include <tether/http/retry_after.hpp>
#include <tether/http/transport.hpp>
