/** Placeholder until the screen lands (issue 15): the route exists so the shell's navigation is whole. */
export function Screen() {
  return <h1>…</h1>;
}
