// Traefik returns trapped instances to its pool, and a trap skips the shadow-stack epilogues: after about 500
// traps the instance overflows for good (assemblyscript-notes.md). Every export resets the stack pointer first.

/**
 * resetShadowStack puts the shadow stack back at its start, __heap_base (the stack grows down from there).
 * Call it first thing in an export whose body holds no managed locals, so the export has no frame of its own.
 */
// @ts-ignore: decorator
@inline export function resetShadowStack(): void {
  __stack_pointer = __heap_base;
}
