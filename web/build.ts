/**
 * Builds the island bundle into `static/build/`. Until the admin pages land there are no
 * islands, so there is nothing to bundle.
 *
 * @module
 */
await Deno.mkdir(new URL("../static/build/", import.meta.url), {
  recursive: true,
});
