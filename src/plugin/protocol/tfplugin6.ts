import { field, message, type Int64, type MessageDescriptor } from "./protobuf";

/**
 * tfplugin6 (protocol 6.10, plus the 6.11 fields Terraform 1.16 adds, which older engines skip as
 * unknown): descriptors of the messages this plugin exchanges, and hand-written TypeScript shapes
 * that match them. Field numbers follow hashicorp/terraform `docs/plugin-protocol/tfplugin6.proto`.
 *
 * Conventions of the shapes (see protobuf.ts for the codec rules):
 * - Names are the proto names, snake_case; nested messages are flattened (`Schema.Block` →
 *   {@link SchemaBlock}, `ValidateResourceConfig.Request` → {@link ValidateResourceConfigRequest}).
 * - Messages the plugin receives have every scalar, repeated and map field present (proto3
 *   defaults filled in); their message fields are optional.
 * - Messages the plugin sends have every field optional: an omitted field is the proto3 default.
 * - bytes are Buffers; enums are numbers (constants below); int64 is {@link Int64}.
 */

export type { Int64 };

// ---------------------------------------------------------------------------------------------
// Enum values

export const DiagnosticSeverity = { INVALID: 0, ERROR: 1, WARNING: 2 } as const;
export const StringKind = { PLAIN: 0, MARKDOWN: 1 } as const;
/** `Schema.NestedBlock.NestingMode`. */
export const BlockNestingMode = { INVALID: 0, SINGLE: 1, LIST: 2, SET: 3, MAP: 4, GROUP: 5 } as const;
/** `Schema.Object.NestingMode`. */
export const ObjectNestingMode = { INVALID: 0, SINGLE: 1, LIST: 2, SET: 3, MAP: 4 } as const;
export const DeferredReason = { UNKNOWN: 0, RESOURCE_CONFIG_UNKNOWN: 1, PROVIDER_CONFIG_UNKNOWN: 2, ABSENT_PREREQ: 3 } as const;

// ---------------------------------------------------------------------------------------------
// Shapes: common messages

/** A cty value: the engine always sends msgpack; an absent or empty value means null. */
export interface DynamicValue {
  readonly msgpack?: Buffer;
  readonly json?: Buffer;
}

/** One step; exactly one selector is set (a oneof), and it is sent even when it is "" or 0. */
export interface AttributePathStep {
  readonly attribute_name?: string;
  readonly element_key_string?: string;
  readonly element_key_int?: Int64;
}

export interface AttributePath {
  readonly steps: readonly AttributePathStep[];
}

export interface Diagnostic {
  /** {@link DiagnosticSeverity}: must be ERROR or WARNING; the default INVALID fails nothing. */
  readonly severity?: number;
  readonly summary?: string;
  readonly detail?: string;
  readonly attribute?: AttributePath;
}

export interface FunctionError {
  readonly text?: string;
  readonly function_argument?: Int64;
}

export interface RawState {
  readonly json: Buffer;
  readonly flatmap: Readonly<Record<string, string>>;
}

export interface ResourceIdentityData {
  readonly identity_data?: DynamicValue;
}

export interface ClientCapabilities {
  readonly deferral_allowed: boolean;
  readonly write_only_attributes_allowed: boolean;
  readonly store_planned_private: boolean;
  readonly computed_blocks_allowed: boolean;
}

export interface ServerCapabilities {
  readonly plan_destroy?: boolean;
  readonly get_provider_schema_optional?: boolean;
  readonly move_resource_state?: boolean;
  readonly generate_resource_config?: boolean;
}

export interface Deferred {
  /** {@link DeferredReason}. */
  readonly reason?: number;
}

// ---------------------------------------------------------------------------------------------
// Shapes: schemas

export interface Schema {
  readonly version?: Int64;
  /** Required by the engine for every schema it reads. */
  readonly block?: SchemaBlock;
}

export interface SchemaBlock {
  readonly version?: Int64;
  readonly attributes?: readonly SchemaAttribute[];
  readonly block_types?: readonly SchemaNestedBlock[];
  readonly description?: string;
  /** {@link StringKind}. */
  readonly description_kind?: number;
  readonly deprecated?: boolean;
  readonly deprecation_message?: string;
  readonly computed?: boolean;
}

export interface SchemaAttribute {
  readonly name?: string;
  /** JSON of the cty type; exactly one of `type` and `nested_type`. */
  readonly type?: Buffer;
  readonly nested_type?: SchemaObject;
  readonly description?: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  /** {@link StringKind}. */
  readonly description_kind?: number;
  readonly deprecated?: boolean;
  readonly write_only?: boolean;
  readonly deprecation_message?: string;
}

export interface SchemaNestedBlock {
  readonly type_name?: string;
  readonly block?: SchemaBlock;
  /** {@link BlockNestingMode}. */
  readonly nesting?: number;
  readonly min_items?: Int64;
  readonly max_items?: Int64;
}

export interface SchemaObject {
  readonly attributes?: readonly SchemaAttribute[];
  /** {@link ObjectNestingMode}. */
  readonly nesting?: number;
}

export interface FunctionParameter {
  readonly name?: string;
  readonly type?: Buffer;
  readonly allow_null_value?: boolean;
  readonly allow_unknown_values?: boolean;
  readonly description?: string;
  readonly description_kind?: number;
}

export interface FunctionReturn {
  readonly type?: Buffer;
}

export interface FunctionDefinition {
  readonly parameters?: readonly FunctionParameter[];
  readonly variadic_parameter?: FunctionParameter;
  readonly return?: FunctionReturn;
  readonly summary?: string;
  readonly description?: string;
  readonly description_kind?: number;
  readonly deprecation_message?: string;
}

export interface ActionSchema {
  readonly schema?: Schema;
}

export interface ResourceIdentityAttribute {
  readonly name?: string;
  readonly type?: Buffer;
  readonly required_for_import?: boolean;
  readonly optional_for_import?: boolean;
  readonly description?: string;
}

export interface ResourceIdentitySchema {
  readonly version?: Int64;
  readonly identity_attributes?: readonly ResourceIdentityAttribute[];
}

// ---------------------------------------------------------------------------------------------
// Shapes: RPC requests and responses

/** Every request with no fields. */
export type EmptyRequest = Readonly<Record<string, never>>;

export type GetMetadataRequest = EmptyRequest;

/** `GetMetadata.*Metadata`: resources, data sources, ephemeral/list resources, state stores, actions. */
export interface TypeNameMetadata {
  readonly type_name?: string;
}

export interface FunctionMetadata {
  readonly name?: string;
}

export interface GetMetadataResponse {
  readonly server_capabilities?: ServerCapabilities;
  readonly diagnostics?: readonly Diagnostic[];
  readonly data_sources?: readonly TypeNameMetadata[];
  readonly resources?: readonly TypeNameMetadata[];
  readonly functions?: readonly FunctionMetadata[];
  readonly ephemeral_resources?: readonly TypeNameMetadata[];
  readonly list_resources?: readonly TypeNameMetadata[];
  readonly state_stores?: readonly TypeNameMetadata[];
  readonly actions?: readonly TypeNameMetadata[];
}

export type GetProviderSchemaRequest = EmptyRequest;

export interface GetProviderSchemaResponse {
  /** Required by the engine. */
  readonly provider?: Schema;
  readonly resource_schemas?: Readonly<Record<string, Schema>>;
  readonly data_source_schemas?: Readonly<Record<string, Schema>>;
  readonly functions?: Readonly<Record<string, FunctionDefinition>>;
  readonly ephemeral_resource_schemas?: Readonly<Record<string, Schema>>;
  readonly list_resource_schemas?: Readonly<Record<string, Schema>>;
  readonly state_store_schemas?: Readonly<Record<string, Schema>>;
  readonly action_schemas?: Readonly<Record<string, ActionSchema>>;
  readonly diagnostics?: readonly Diagnostic[];
  readonly provider_meta?: Schema;
  readonly server_capabilities?: ServerCapabilities;
}

export interface ValidateProviderConfigRequest {
  readonly config?: DynamicValue;
}

export interface ValidateProviderConfigResponse {
  readonly diagnostics?: readonly Diagnostic[];
}

export interface ValidateResourceConfigRequest {
  readonly type_name: string;
  readonly config?: DynamicValue;
  readonly client_capabilities?: ClientCapabilities;
}

export interface ValidateResourceConfigResponse {
  readonly diagnostics?: readonly Diagnostic[];
}

export interface ValidateDataResourceConfigRequest {
  readonly type_name: string;
  readonly config?: DynamicValue;
}

export interface ValidateDataResourceConfigResponse {
  readonly diagnostics?: readonly Diagnostic[];
}

export interface UpgradeResourceStateRequest {
  readonly type_name: string;
  /** Schema version recorded in the state. */
  readonly version: Int64;
  readonly raw_state?: RawState;
}

export interface UpgradeResourceStateResponse {
  readonly upgraded_state?: DynamicValue;
  readonly diagnostics?: readonly Diagnostic[];
}

export type GetResourceIdentitySchemasRequest = EmptyRequest;

export interface GetResourceIdentitySchemasResponse {
  readonly identity_schemas?: Readonly<Record<string, ResourceIdentitySchema>>;
  readonly diagnostics?: readonly Diagnostic[];
}

export interface ConfigureProviderRequest {
  readonly terraform_version: string;
  readonly config?: DynamicValue;
  readonly client_capabilities?: ClientCapabilities;
}

export interface ConfigureProviderResponse {
  readonly diagnostics?: readonly Diagnostic[];
}

export interface ReadResourceRequest {
  readonly type_name: string;
  readonly current_state?: DynamicValue;
  readonly private: Buffer;
  readonly provider_meta?: DynamicValue;
  readonly client_capabilities?: ClientCapabilities;
  readonly current_identity?: ResourceIdentityData;
}

export interface ReadResourceResponse {
  /** Null (or absent) removes the resource from state. */
  readonly new_state?: DynamicValue;
  readonly diagnostics?: readonly Diagnostic[];
  readonly private?: Buffer;
  readonly deferred?: Deferred;
  readonly new_identity?: ResourceIdentityData;
}

export interface PlanResourceChangeRequest {
  readonly type_name: string;
  readonly prior_state?: DynamicValue;
  readonly proposed_new_state?: DynamicValue;
  readonly config?: DynamicValue;
  readonly prior_private: Buffer;
  readonly provider_meta?: DynamicValue;
  readonly client_capabilities?: ClientCapabilities;
  readonly prior_identity?: ResourceIdentityData;
  /** 6.11: the private state of the plan being re-planned, when the engine stores it. */
  readonly planned_private: Buffer;
}

export interface PlanResourceChangeResponse {
  readonly planned_state?: DynamicValue;
  readonly requires_replace?: readonly AttributePath[];
  readonly planned_private?: Buffer;
  readonly diagnostics?: readonly Diagnostic[];
  /** Reserved for the legacy SDK: must stay false. */
  readonly legacy_type_system?: boolean;
  readonly deferred?: Deferred;
  readonly planned_identity?: ResourceIdentityData;
}

export interface ApplyResourceChangeRequest {
  readonly type_name: string;
  readonly prior_state?: DynamicValue;
  /** Null means destroy. */
  readonly planned_state?: DynamicValue;
  readonly config?: DynamicValue;
  readonly planned_private: Buffer;
  readonly provider_meta?: DynamicValue;
  readonly planned_identity?: ResourceIdentityData;
}

export interface ApplyResourceChangeResponse {
  readonly new_state?: DynamicValue;
  readonly private?: Buffer;
  readonly diagnostics?: readonly Diagnostic[];
  /** Reserved for the legacy SDK: must stay false. */
  readonly legacy_type_system?: boolean;
  readonly new_identity?: ResourceIdentityData;
}

export interface ImportResourceStateRequest {
  readonly type_name: string;
  readonly id: string;
  readonly client_capabilities?: ClientCapabilities;
  readonly identity?: ResourceIdentityData;
}

export interface ImportedResource {
  readonly type_name?: string;
  readonly state?: DynamicValue;
  readonly private?: Buffer;
  readonly identity?: ResourceIdentityData;
}

export interface ImportResourceStateResponse {
  readonly imported_resources?: readonly ImportedResource[];
  readonly diagnostics?: readonly Diagnostic[];
  readonly deferred?: Deferred;
}

export interface ReadDataSourceRequest {
  readonly type_name: string;
  readonly config?: DynamicValue;
  readonly provider_meta?: DynamicValue;
  readonly client_capabilities?: ClientCapabilities;
}

export interface ReadDataSourceResponse {
  readonly state?: DynamicValue;
  readonly diagnostics?: readonly Diagnostic[];
  readonly deferred?: Deferred;
}

export type StopProviderRequest = EmptyRequest;

export interface StopProviderResponse {
  /** Non-empty when stopping failed; the field really is capitalised. */
  readonly Error?: string;
}

// ---------------------------------------------------------------------------------------------
// Descriptors

const DynamicValueDescriptor = message("tfplugin6.DynamicValue", field(1, "msgpack", "bytes"), field(2, "json", "bytes"));

const AttributePathStepDescriptor = message(
  "tfplugin6.AttributePath.Step",
  field(1, "attribute_name", "string", "presence"),
  field(2, "element_key_string", "string", "presence"),
  field(3, "element_key_int", "int64", "presence"),
);

const AttributePathDescriptor = message("tfplugin6.AttributePath", field(1, "steps", () => AttributePathStepDescriptor, "repeated"));

const DiagnosticDescriptor = message(
  "tfplugin6.Diagnostic",
  field(1, "severity", "enum"),
  field(2, "summary", "string"),
  field(3, "detail", "string"),
  field(4, "attribute", () => AttributePathDescriptor),
);

const FunctionErrorDescriptor = message("tfplugin6.FunctionError", field(1, "text", "string"), field(2, "function_argument", "int64", "presence"));

const RawStateDescriptor = message("tfplugin6.RawState", field(1, "json", "bytes"), field(2, "flatmap", "string", "map"));

const ResourceIdentityDataDescriptor = message("tfplugin6.ResourceIdentityData", field(1, "identity_data", () => DynamicValueDescriptor));

const ClientCapabilitiesDescriptor = message(
  "tfplugin6.ClientCapabilities",
  field(1, "deferral_allowed", "bool"),
  field(2, "write_only_attributes_allowed", "bool"),
  field(3, "store_planned_private", "bool"),
  field(4, "computed_blocks_allowed", "bool"),
);

const ServerCapabilitiesDescriptor = message(
  "tfplugin6.ServerCapabilities",
  field(1, "plan_destroy", "bool"),
  field(2, "get_provider_schema_optional", "bool"),
  field(3, "move_resource_state", "bool"),
  field(4, "generate_resource_config", "bool"),
);

const DeferredDescriptor = message("tfplugin6.Deferred", field(1, "reason", "enum"));

const SchemaBlockDescriptor: MessageDescriptor = message(
  "tfplugin6.Schema.Block",
  field(1, "version", "int64"),
  field(2, "attributes", () => SchemaAttributeDescriptor, "repeated"),
  field(3, "block_types", () => SchemaNestedBlockDescriptor, "repeated"),
  field(4, "description", "string"),
  field(5, "description_kind", "enum"),
  field(6, "deprecated", "bool"),
  field(7, "deprecation_message", "string"),
  field(8, "computed", "bool"),
);

const SchemaAttributeDescriptor: MessageDescriptor = message(
  "tfplugin6.Schema.Attribute",
  field(1, "name", "string"),
  field(2, "type", "bytes"),
  field(10, "nested_type", () => SchemaObjectDescriptor),
  field(3, "description", "string"),
  field(4, "required", "bool"),
  field(5, "optional", "bool"),
  field(6, "computed", "bool"),
  field(7, "sensitive", "bool"),
  field(8, "description_kind", "enum"),
  field(9, "deprecated", "bool"),
  field(11, "write_only", "bool"),
  field(12, "deprecation_message", "string"),
);

const SchemaNestedBlockDescriptor: MessageDescriptor = message(
  "tfplugin6.Schema.NestedBlock",
  field(1, "type_name", "string"),
  field(2, "block", () => SchemaBlockDescriptor),
  field(3, "nesting", "enum"),
  field(4, "min_items", "int64"),
  field(5, "max_items", "int64"),
);

// Object's min_items/max_items (4, 5) are deprecated and never used: omitted, and skipped on decode.
const SchemaObjectDescriptor: MessageDescriptor = message(
  "tfplugin6.Schema.Object",
  field(1, "attributes", () => SchemaAttributeDescriptor, "repeated"),
  field(3, "nesting", "enum"),
);

const SchemaDescriptor = message("tfplugin6.Schema", field(1, "version", "int64"), field(2, "block", () => SchemaBlockDescriptor));

const FunctionParameterDescriptor = message(
  "tfplugin6.Function.Parameter",
  field(1, "name", "string"),
  field(2, "type", "bytes"),
  field(3, "allow_null_value", "bool"),
  field(4, "allow_unknown_values", "bool"),
  field(5, "description", "string"),
  field(6, "description_kind", "enum"),
);

const FunctionReturnDescriptor = message("tfplugin6.Function.Return", field(1, "type", "bytes"));

const FunctionDescriptor = message(
  "tfplugin6.Function",
  field(1, "parameters", () => FunctionParameterDescriptor, "repeated"),
  field(2, "variadic_parameter", () => FunctionParameterDescriptor),
  field(3, "return", () => FunctionReturnDescriptor),
  field(4, "summary", "string"),
  field(5, "description", "string"),
  field(6, "description_kind", "enum"),
  field(7, "deprecation_message", "string"),
);

const ActionSchemaDescriptor = message("tfplugin6.ActionSchema", field(1, "schema", () => SchemaDescriptor));

const ResourceIdentityAttributeDescriptor = message(
  "tfplugin6.ResourceIdentitySchema.IdentityAttribute",
  field(1, "name", "string"),
  field(2, "type", "bytes"),
  field(3, "required_for_import", "bool"),
  field(4, "optional_for_import", "bool"),
  field(5, "description", "string"),
);

const ResourceIdentitySchemaDescriptor = message(
  "tfplugin6.ResourceIdentitySchema",
  field(1, "version", "int64"),
  field(2, "identity_attributes", () => ResourceIdentityAttributeDescriptor, "repeated"),
);

const diagnostics = (number: number) => field(number, "diagnostics", () => DiagnosticDescriptor, "repeated");
const dynamic = (number: number, name: string) => field(number, name, () => DynamicValueDescriptor);
const clientCapabilities = (number: number) => field(number, "client_capabilities", () => ClientCapabilitiesDescriptor);
const identity = (number: number, name: string) => field(number, name, () => ResourceIdentityDataDescriptor);
const deferred = (number: number) => field(number, "deferred", () => DeferredDescriptor);
const typeName = field(1, "type_name", "string");
const typeNameMetadata = (kind: string) => message(`tfplugin6.GetMetadata.${kind}`, typeName);
const DataSourceMetadataDescriptor = typeNameMetadata("DataSourceMetadata");
const ResourceMetadataDescriptor = typeNameMetadata("ResourceMetadata");
const EphemeralMetadataDescriptor = typeNameMetadata("EphemeralMetadata");
const ListResourceMetadataDescriptor = typeNameMetadata("ListResourceMetadata");
const StateStoreMetadataDescriptor = typeNameMetadata("StateStoreMetadata");
const ActionMetadataDescriptor = typeNameMetadata("ActionMetadata");
const FunctionMetadataDescriptor = message("tfplugin6.GetMetadata.FunctionMetadata", field(1, "name", "string"));

const ImportedResourceDescriptor = message(
  "tfplugin6.ImportResourceState.ImportedResource",
  typeName,
  dynamic(2, "state"),
  field(3, "private", "bytes"),
  identity(4, "identity"),
);

/** Every message type by its TypeScript shape name; the RPC table below uses them. */
export const messages = {
  DynamicValue: DynamicValueDescriptor,
  AttributePathStep: AttributePathStepDescriptor,
  AttributePath: AttributePathDescriptor,
  Diagnostic: DiagnosticDescriptor,
  FunctionError: FunctionErrorDescriptor,
  RawState: RawStateDescriptor,
  ResourceIdentityData: ResourceIdentityDataDescriptor,
  ClientCapabilities: ClientCapabilitiesDescriptor,
  ServerCapabilities: ServerCapabilitiesDescriptor,
  Deferred: DeferredDescriptor,
  Schema: SchemaDescriptor,
  SchemaBlock: SchemaBlockDescriptor,
  SchemaAttribute: SchemaAttributeDescriptor,
  SchemaNestedBlock: SchemaNestedBlockDescriptor,
  SchemaObject: SchemaObjectDescriptor,
  FunctionDefinition: FunctionDescriptor,
  FunctionParameter: FunctionParameterDescriptor,
  FunctionReturn: FunctionReturnDescriptor,
  ActionSchema: ActionSchemaDescriptor,
  ResourceIdentitySchema: ResourceIdentitySchemaDescriptor,
  ResourceIdentityAttribute: ResourceIdentityAttributeDescriptor,
  // Every GetMetadata.*Metadata message but FunctionMetadata has this one shape.
  TypeNameMetadata: ResourceMetadataDescriptor,
  FunctionMetadata: FunctionMetadataDescriptor,
  GetMetadataRequest: message("tfplugin6.GetMetadata.Request"),
  GetMetadataResponse: message(
    "tfplugin6.GetMetadata.Response",
    field(1, "server_capabilities", () => ServerCapabilitiesDescriptor),
    diagnostics(2),
    field(3, "data_sources", () => DataSourceMetadataDescriptor, "repeated"),
    field(4, "resources", () => ResourceMetadataDescriptor, "repeated"),
    field(5, "functions", () => FunctionMetadataDescriptor, "repeated"),
    field(6, "ephemeral_resources", () => EphemeralMetadataDescriptor, "repeated"),
    field(7, "list_resources", () => ListResourceMetadataDescriptor, "repeated"),
    field(8, "state_stores", () => StateStoreMetadataDescriptor, "repeated"),
    field(9, "actions", () => ActionMetadataDescriptor, "repeated"),
  ),
  GetProviderSchemaRequest: message("tfplugin6.GetProviderSchema.Request"),
  GetProviderSchemaResponse: message(
    "tfplugin6.GetProviderSchema.Response",
    field(1, "provider", () => SchemaDescriptor),
    field(2, "resource_schemas", () => SchemaDescriptor, "map"),
    field(3, "data_source_schemas", () => SchemaDescriptor, "map"),
    field(7, "functions", () => FunctionDescriptor, "map"),
    field(8, "ephemeral_resource_schemas", () => SchemaDescriptor, "map"),
    field(9, "list_resource_schemas", () => SchemaDescriptor, "map"),
    field(10, "state_store_schemas", () => SchemaDescriptor, "map"),
    field(11, "action_schemas", () => ActionSchemaDescriptor, "map"),
    diagnostics(4),
    field(5, "provider_meta", () => SchemaDescriptor),
    field(6, "server_capabilities", () => ServerCapabilitiesDescriptor),
  ),
  ValidateProviderConfigRequest: message("tfplugin6.ValidateProviderConfig.Request", dynamic(1, "config")),
  // Field 2, not 1: the proto really numbers it so.
  ValidateProviderConfigResponse: message("tfplugin6.ValidateProviderConfig.Response", diagnostics(2)),
  ValidateResourceConfigRequest: message("tfplugin6.ValidateResourceConfig.Request", typeName, dynamic(2, "config"), clientCapabilities(3)),
  ValidateResourceConfigResponse: message("tfplugin6.ValidateResourceConfig.Response", diagnostics(1)),
  ValidateDataResourceConfigRequest: message("tfplugin6.ValidateDataResourceConfig.Request", typeName, dynamic(2, "config")),
  ValidateDataResourceConfigResponse: message("tfplugin6.ValidateDataResourceConfig.Response", diagnostics(1)),
  UpgradeResourceStateRequest: message(
    "tfplugin6.UpgradeResourceState.Request",
    typeName,
    field(2, "version", "int64"),
    field(3, "raw_state", () => RawStateDescriptor),
  ),
  UpgradeResourceStateResponse: message("tfplugin6.UpgradeResourceState.Response", dynamic(1, "upgraded_state"), diagnostics(2)),
  GetResourceIdentitySchemasRequest: message("tfplugin6.GetResourceIdentitySchemas.Request"),
  GetResourceIdentitySchemasResponse: message(
    "tfplugin6.GetResourceIdentitySchemas.Response",
    field(1, "identity_schemas", () => ResourceIdentitySchemaDescriptor, "map"),
    diagnostics(2),
  ),
  ConfigureProviderRequest: message(
    "tfplugin6.ConfigureProvider.Request",
    field(1, "terraform_version", "string"),
    dynamic(2, "config"),
    clientCapabilities(3),
  ),
  ConfigureProviderResponse: message("tfplugin6.ConfigureProvider.Response", diagnostics(1)),
  ReadResourceRequest: message(
    "tfplugin6.ReadResource.Request",
    typeName,
    dynamic(2, "current_state"),
    field(3, "private", "bytes"),
    dynamic(4, "provider_meta"),
    clientCapabilities(5),
    identity(6, "current_identity"),
  ),
  ReadResourceResponse: message(
    "tfplugin6.ReadResource.Response",
    dynamic(1, "new_state"),
    diagnostics(2),
    field(3, "private", "bytes"),
    deferred(4),
    identity(5, "new_identity"),
  ),
  PlanResourceChangeRequest: message(
    "tfplugin6.PlanResourceChange.Request",
    typeName,
    dynamic(2, "prior_state"),
    dynamic(3, "proposed_new_state"),
    dynamic(4, "config"),
    field(5, "prior_private", "bytes"),
    dynamic(6, "provider_meta"),
    clientCapabilities(7),
    identity(8, "prior_identity"),
    field(9, "planned_private", "bytes"),
  ),
  PlanResourceChangeResponse: message(
    "tfplugin6.PlanResourceChange.Response",
    dynamic(1, "planned_state"),
    field(2, "requires_replace", () => AttributePathDescriptor, "repeated"),
    field(3, "planned_private", "bytes"),
    diagnostics(4),
    field(5, "legacy_type_system", "bool"),
    deferred(6),
    identity(7, "planned_identity"),
  ),
  ApplyResourceChangeRequest: message(
    "tfplugin6.ApplyResourceChange.Request",
    typeName,
    dynamic(2, "prior_state"),
    dynamic(3, "planned_state"),
    dynamic(4, "config"),
    field(5, "planned_private", "bytes"),
    dynamic(6, "provider_meta"),
    identity(7, "planned_identity"),
  ),
  ApplyResourceChangeResponse: message(
    "tfplugin6.ApplyResourceChange.Response",
    dynamic(1, "new_state"),
    field(2, "private", "bytes"),
    diagnostics(3),
    field(4, "legacy_type_system", "bool"),
    identity(5, "new_identity"),
  ),
  ImportResourceStateRequest: message(
    "tfplugin6.ImportResourceState.Request",
    typeName,
    field(2, "id", "string"),
    clientCapabilities(3),
    identity(4, "identity"),
  ),
  ImportedResource: ImportedResourceDescriptor,
  ImportResourceStateResponse: message(
    "tfplugin6.ImportResourceState.Response",
    field(1, "imported_resources", () => ImportedResourceDescriptor, "repeated"),
    diagnostics(2),
    deferred(3),
  ),
  ReadDataSourceRequest: message(
    "tfplugin6.ReadDataSource.Request",
    typeName,
    dynamic(2, "config"),
    dynamic(3, "provider_meta"),
    clientCapabilities(4),
  ),
  ReadDataSourceResponse: message("tfplugin6.ReadDataSource.Response", dynamic(1, "state"), diagnostics(2), deferred(3)),
  StopProviderRequest: message("tfplugin6.StopProvider.Request"),
  StopProviderResponse: message("tfplugin6.StopProvider.Response", field(1, "Error", "string")),
} as const satisfies Record<string, MessageDescriptor>;

/** The request and response shape of each `tfplugin6.Provider` RPC this plugin can serve. */
export interface ProviderMethods {
  GetMetadata: { request: GetMetadataRequest; response: GetMetadataResponse };
  GetProviderSchema: { request: GetProviderSchemaRequest; response: GetProviderSchemaResponse };
  ValidateProviderConfig: { request: ValidateProviderConfigRequest; response: ValidateProviderConfigResponse };
  ValidateResourceConfig: { request: ValidateResourceConfigRequest; response: ValidateResourceConfigResponse };
  ValidateDataResourceConfig: { request: ValidateDataResourceConfigRequest; response: ValidateDataResourceConfigResponse };
  UpgradeResourceState: { request: UpgradeResourceStateRequest; response: UpgradeResourceStateResponse };
  GetResourceIdentitySchemas: { request: GetResourceIdentitySchemasRequest; response: GetResourceIdentitySchemasResponse };
  ConfigureProvider: { request: ConfigureProviderRequest; response: ConfigureProviderResponse };
  ReadResource: { request: ReadResourceRequest; response: ReadResourceResponse };
  PlanResourceChange: { request: PlanResourceChangeRequest; response: PlanResourceChangeResponse };
  ApplyResourceChange: { request: ApplyResourceChangeRequest; response: ApplyResourceChangeResponse };
  ImportResourceState: { request: ImportResourceStateRequest; response: ImportResourceStateResponse };
  ReadDataSource: { request: ReadDataSourceRequest; response: ReadDataSourceResponse };
  StopProvider: { request: StopProviderRequest; response: StopProviderResponse };
}

export type ProviderMethodName = keyof ProviderMethods;

export const PROVIDER_SERVICE = "tfplugin6.Provider";

/** Request and response descriptors of each RPC in {@link ProviderMethods}. */
export const PROVIDER_METHODS: { readonly [Name in ProviderMethodName]: { readonly request: MessageDescriptor; readonly response: MessageDescriptor } } = {
  GetMetadata: { request: messages.GetMetadataRequest, response: messages.GetMetadataResponse },
  GetProviderSchema: { request: messages.GetProviderSchemaRequest, response: messages.GetProviderSchemaResponse },
  ValidateProviderConfig: { request: messages.ValidateProviderConfigRequest, response: messages.ValidateProviderConfigResponse },
  ValidateResourceConfig: { request: messages.ValidateResourceConfigRequest, response: messages.ValidateResourceConfigResponse },
  ValidateDataResourceConfig: { request: messages.ValidateDataResourceConfigRequest, response: messages.ValidateDataResourceConfigResponse },
  UpgradeResourceState: { request: messages.UpgradeResourceStateRequest, response: messages.UpgradeResourceStateResponse },
  GetResourceIdentitySchemas: { request: messages.GetResourceIdentitySchemasRequest, response: messages.GetResourceIdentitySchemasResponse },
  ConfigureProvider: { request: messages.ConfigureProviderRequest, response: messages.ConfigureProviderResponse },
  ReadResource: { request: messages.ReadResourceRequest, response: messages.ReadResourceResponse },
  PlanResourceChange: { request: messages.PlanResourceChangeRequest, response: messages.PlanResourceChangeResponse },
  ApplyResourceChange: { request: messages.ApplyResourceChangeRequest, response: messages.ApplyResourceChangeResponse },
  ImportResourceState: { request: messages.ImportResourceStateRequest, response: messages.ImportResourceStateResponse },
  ReadDataSource: { request: messages.ReadDataSourceRequest, response: messages.ReadDataSourceResponse },
  StopProvider: { request: messages.StopProviderRequest, response: messages.StopProviderResponse },
};
