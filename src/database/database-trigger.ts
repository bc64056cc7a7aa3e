/**
 * A trigger that carries a business step inside the database, declared in the module that owns
 * its reaction (the table it feeds). Triggers are kept where exactly-once matters: the step runs
 * in the same transaction as the write that causes it, whichever code path made that write.
 * docs/architecture.md lists them all; test/integration/database-triggers.spec.ts checks that
 * these declarations and the migrated database agree.
 */
export interface DatabaseTrigger {
  /** The trigger's name in Postgres. */
  name: string;
  /** The table it fires on (owned by another module, as a rule). */
  on: string;
  /** The PL/pgSQL function it runs. */
  fn: string;
  /** What it feeds: a table of the owning module, or a NOTIFY channel. */
  feeds: string;
  /** Why this step is a trigger and not a call. */
  why: string;
}
