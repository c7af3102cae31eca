/**
 * The records' types, as types only. Each zod schema in `schema.ts` is a value
 * and a type under one name; an entry that must not load zod exports these
 * aliases instead, so that its declarations promise no value it lacks (the
 * declaration bundler does not keep `export type` apart from a value of the
 * same name). The schemas themselves are in `qubes-secpack/schema`.
 */
import type * as schema from './schema.js'

export type Bulletin = schema.Bulletin
export type Canary = schema.Canary
export type ChangelogEntry = schema.ChangelogEntry
export type Diagnostic = schema.Diagnostic
export type NextCanary = schema.NextCanary
export type Package = schema.Package
export type Patch = schema.Patch
export type Point = schema.Point
export type Position = schema.Position
export type QsbRecord = schema.QsbRecord
export type Reference = schema.Reference
export type Section = schema.Section
export type Source = schema.Source
export type Statement = schema.Statement
