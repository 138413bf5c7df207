import type { ResourceSchema, ValidationIssue } from "../schema/types";
import { isUnknown, type CtyObject, type CtyValue } from "../plugin/cty/values";
import { PartialStateError, type PrivateState, type ResourceContext, type ResourceDefinition } from "../plugin/framework/definition";
import { checkResourceDefinition } from "../plugin/framework/schema-check";
import type { Attributes, Applying, Config, PlanConfig, Planned, State } from "./model";
import { definitionSite, DefinitionError } from "./definition-site";
import { fromWireValue, toWireValue } from "./wire-form";

/** A resource type's schema: its Terraform type name (`<provider>_<name>`), description and attributes. */
export interface ResourceSpec<A extends Attributes = Attributes> extends ResourceSchema {
  readonly attributes: A;
}

/** What create, read and update return: the object to store, and optionally private state kept with it. */
export interface Saved<T> {
  readonly state: T;
  /** JSON kept by the engine next to the state, never shown; absent keeps the previous private state, `{}` clears it (hooks then receive `undefined`). */
  readonly private?: PrivateState;
}

/** What `modifyPlan` may change about the framework's default plan. */
export interface PlanChange<A extends Attributes> {
  readonly planned?: Planned<A>;
  /** Attributes whose change replaces the resource, in addition to the `requiresReplace` ones. */
  readonly requiresReplace?: readonly (keyof A & string)[];
  readonly diagnostics?: readonly ValidationIssue[];
}

/** The hooks of a resource type, seeing typed plain objects inferred from its attributes. */
export interface ResourceHooks<Clients, A extends Attributes> {
  /** Creates the remote object; returns every attribute of the state. Throw a {@link PartialStateError} when something exists already. */
  create(ctx: ResourceContext<Clients>, request: { readonly planned: Applying<A>; readonly config: Config<A> }): Promise<Saved<State<A>>> | Saved<State<A>>;
  /** Refreshes the state from the remote object; null means it is gone (the engine plans to create it again). */
  read(ctx: ResourceContext<Clients>, request: { readonly state: State<A>; readonly private: PrivateState | undefined }): Promise<Saved<State<A>> | null> | Saved<State<A>> | null;
  /** Updates in place; without it every configurable attribute must be `requiresReplace`. */
  update?(
    ctx: ResourceContext<Clients>,
    request: { readonly prior: State<A>; readonly planned: Applying<A>; readonly config: Config<A>; readonly private: PrivateState | undefined },
  ): Promise<Saved<State<A>>> | Saved<State<A>>;
  delete(ctx: ResourceContext<Clients>, request: { readonly state: State<A>; readonly private: PrivateState | undefined }): Promise<void> | void;
  /** Finds an existing object by the id `terraform import` was given; missing attributes become null, then `read` runs. */
  import?(ctx: ResourceContext<Clients>, request: { readonly id: string }): Promise<Saved<Partial<State<A>>>> | Saved<Partial<State<A>>>;
  /** Cross-attribute checks at validate and plan time, no API call; values may be unknown. */
  validate?(config: PlanConfig<A>): readonly ValidationIssue[];
  /** Changes the default plan: sets values unknown, forces a replacement, warns. `prior` is null on create. */
  modifyPlan?(
    ctx: ResourceContext<Clients>,
    request: { readonly prior: State<A> | null; readonly planned: Planned<A>; readonly config: PlanConfig<A>; readonly priorPrivate: PrivateState | undefined },
  ): Promise<PlanChange<A> | void> | PlanChange<A> | void;
}

/** How the framework runs a resource's hooks. */
export interface ResourceOptions {
  /** Longest one hook call may take, in seconds; a create finishing later is deleted again. Absent: 600. */
  readonly timeoutSeconds?: number;
  /**
   * When the engine is killed mid-run, delete what this plugin process created of this type, since
   * the engine may have lost the run's state changes; the next run creates them anew. Suits objects
   * a rerun can recreate, such as credentials. Absent: off, and such objects stay.
   */
  readonly rollbackOnEngineDeath?: boolean;
}

/**
 * A resource type ready to be served by {@link defineProvider}: the framework's definition, with
 * its typed attributes kept at the type level for constructs.
 */
export interface Resource<Clients, A extends Attributes = Attributes> extends ResourceDefinition<Clients> {
  readonly schema: ResourceSpec<A>;
}

/**
 * Checks a resource type's schema where it is written, so that a module holding only schemas
 * (what constructs load) fails at synth, naming the file, when it is invalid.
 */
export function resourceSchema<const A extends Attributes>(spec: ResourceSpec<A>): ResourceSpec<A> {
  const problems = checkResourceDefinition({ schema: spec, create: noHook, read: noHook, delete: noHook, update: noHook });
  if (problems.length > 0) throw new DefinitionError(definitionSite(), `resource schema ${spec.typeName}`, problems);
  return spec;
}

const noHook = async (): Promise<never> => {
  throw new Error("a schema has no hooks");
};

/**
 * Defines a resource type: its schema (from {@link resourceSchema}, or written here) and its
 * hooks. Hooks see typed plain objects; the framework turns them into the engine's protocol and
 * enforces its plan and apply rules. Throws, naming the calling file, when the definition is invalid.
 */
export function defineResource<const S extends ResourceSpec, Clients = unknown>(
  schema: S,
  hooks: ResourceHooks<Clients, S["attributes"]> & ResourceOptions,
): Resource<Clients, S["attributes"]> {
  const resource = adapt<Clients, S["attributes"]>(schema, hooks);
  const problems = checkResourceDefinition(resource);
  if (problems.length > 0) throw new DefinitionError(definitionSite(), `resource ${schema.typeName}`, problems);
  return resource;
}

/** The framework's definition of typed hooks: values cross between the two forms at each call. */
function adapt<Clients, A extends Attributes>(schema: ResourceSpec<A>, hooks: ResourceHooks<Clients, A> & ResourceOptions): Resource<Clients, A> {
  const typed = <T>(object: CtyObject) => fromWire(schema, object) as T;
  const wire = (object: object) => toWire(schema, object);
  const saved = (result: Saved<object>) => ({ state: wire(result.state), ...(result.private === undefined ? {} : { private: result.private }) });
  const { create, read, update, delete: remove, import: importHook, validate, modifyPlan } = hooks;
  const applying = (planned: CtyObject) => typed<Applying<A>>(Object.fromEntries(Object.entries(planned).filter(([, value]) => !isUnknown(value))));
  // A partial state a hook reports is in its typed form; the framework saves the wire form.
  const savingPartial = async <T>(run: () => Promise<T> | T): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof PartialStateError) throw new PartialStateError(wire(error.state), error.cause, error.private);
      throw error;
    }
  };
  return {
    schema,
    ...(hooks.rollbackOnEngineDeath === undefined ? {} : { rollbackOnEngineDeath: hooks.rollbackOnEngineDeath }),
    ...(hooks.timeoutSeconds === undefined ? {} : { timeoutMs: hooks.timeoutSeconds * 1000 }),
    create: (ctx, request) => savingPartial(async () => saved(await create(ctx, { planned: applying(request.planned), config: typed(request.config) }))),
    read: async (ctx, request) => {
      const result = await read(ctx, { state: typed(request.state), private: request.private });
      return result === null ? null : saved(result);
    },
    ...(update && {
      update: (ctx, request) =>
        savingPartial(async () =>
          saved(await update(ctx, { prior: typed(request.prior), planned: applying(request.planned), config: typed(request.config), private: request.private })),
        ),
    }),
    delete: async (ctx, request) => remove(ctx, { state: typed(request.state), private: request.private }),
    ...(importHook && { import: async (ctx, request) => saved(await importHook(ctx, request)) }),
    ...(validate && { validate: (config) => [...validate(typed(config))] }),
    ...(modifyPlan && {
      modifyPlan: async (ctx, request) => {
        const change = await modifyPlan(ctx, {
          prior: request.prior === null ? null : typed(request.prior),
          planned: typed(request.planned),
          config: typed(request.config),
          priorPrivate: request.priorPrivate,
        });
        if (!change) return undefined;
        const { planned, requiresReplace, diagnostics } = change;
        return { ...(planned && { planned: wire(planned) }), ...(requiresReplace && { requiresReplace }), ...(diagnostics && { diagnostics }) };
      },
    }),
  };
}

function fromWire(schema: ResourceSchema, object: CtyObject): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).map(([name, value]) => [name, schema.attributes[name] ? fromWireValue(value, schema.attributes[name], [name]) : value]));
}

/** A hook's object in the wire form; attributes it does not know are kept for the framework to report. */
function toWire(schema: ResourceSchema, object: object): CtyObject {
  return Object.fromEntries(
    Object.entries(object).map(([name, value]): [string, CtyValue] => [name, schema.attributes[name] ? toWireValue(value, schema.attributes[name], [name]) : (value as CtyValue)]),
  );
}
