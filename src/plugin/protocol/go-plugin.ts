import { field, message } from "./protobuf";

/**
 * The services go-plugin expects beside the provider (hashicorp/go-plugin
 * `internal/plugin/grpc_controller.proto`, `grpc_stdio.proto`, `grpc_broker.proto`) and the
 * standard health service. Only messages this plugin decodes or encodes are described: the stdio
 * and broker streams are held open without a message either way.
 */

/** `plugin.Empty` and `google.protobuf.Empty` alike: no fields. */
export const EmptyMessage = message("plugin.Empty");

/** `GRPCController/Shutdown(Empty) → Empty`: the engine's request to exit, sent to every plugin process. */
export const CONTROLLER_SHUTDOWN_PATH = "/plugin.GRPCController/Shutdown";

/** `GRPCStdio/StreamStdio(Empty) → stream StdioData`: opened by the engine on connect. */
export const STDIO_STREAM_PATH = "/plugin.GRPCStdio/StreamStdio";

/** `GRPCBroker/StartStream(stream ConnInfo) → stream ConnInfo`: opened by the engine on connect. */
export const BROKER_STREAM_PATH = "/plugin.GRPCBroker/StartStream";

export const HEALTH_CHECK_PATH = "/grpc.health.v1.Health/Check";

export const HealthCheckRequest = message("grpc.health.v1.HealthCheckRequest", field(1, "service", "string"));

export const HealthCheckResponse = message("grpc.health.v1.HealthCheckResponse", field(1, "status", "enum"));

/** `HealthCheckResponse.ServingStatus`. */
export const ServingStatus = { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } as const;
