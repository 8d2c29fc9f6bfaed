import { expect, it } from "vitest";
import { readablePage } from "./readable-text.ts";

it("turns blocks into lines, marks headings and list items, and drops scripts and styles", async () => {
  const page = await readablePage(
    "<html><head><title> Notes </title><style>p{}</style></head><body>" +
      "<h2>Plan</h2><p>One<br>two</p><ul><li>a</li><li>b</li></ul><pre>  keep\n  spacing</pre>" +
      "<script>alert(1)</script><table><tr><td>x</td><td>y</td></tr></table></body></html>",
  );
  expect(page).toEqual({
    title: "Notes",
    text: "## Plan\n\nOne\ntwo\n\n- a\n- b\n  keep\n  spacing\n| x | y",
  });
});

it("falls back to the body when there is no article, and handles a page without a title", async () => {
  expect(await readablePage("<body><div>only <i>this</i></div></body>")).toEqual({
    title: "",
    text: "only this",
  });
});
