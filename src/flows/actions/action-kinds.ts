/**
 * Every step kind of the language, by name. Each definition file adds its own entry, and the
 * registry must list exactly these: a definition left out of the registry does not compile.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface ActionKinds {}
