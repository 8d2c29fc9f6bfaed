import { describe, expect, it } from "vitest";
import { privateHostReason } from "./shareable-host.ts";

const hostOf = (link: string) => new URL(link).hostname;

describe("which hosts may be named to an outside service", () => {
  it.each([
    "https://example.com/page",
    "https://news.ycombinator.com/item?id=1",
    "http://93.184.216.34/",
    "https://[2606:4700::1111]/",
    "https://xn--bcher-kva.example/",
  ])("lets %s through", (link) => {
    expect(privateHostReason(hostOf(link))).toBeUndefined();
  });

  it.each([
    ["http://127.0.0.1:8080/admin", "loopback"],
    ["http://2130706433/", "loopback"],
    ["http://0x7f.1/", "loopback"],
    ["http://[::1]/", "loopback"],
    ["http://[::ffff:10.0.0.1]/", "private"],
    ["http://10.1.2.3/", "private"],
    ["http://172.20.0.1/", "private"],
    ["http://192.168.1.1/", "private"],
    ["http://100.64.0.7/", "private"],
    ["http://[fd12:3456::1]/", "private"],
    ["http://169.254.169.254/latest/meta-data", "link-local"],
    ["http://[fe80::1]/", "link-local"],
    ["http://0.0.0.0/", "reserved"],
  ])("refuses %s, a %s address", (link, kind) => {
    expect(privateHostReason(hostOf(link))).toContain(`${kind} address`);
  });

  it.each(["http://localhost:3000/", "http://intranet/wiki", "https://wiki./", "http://LOCALHOST./"])(
    "refuses the single-label name in %s",
    (link) => {
      expect(privateHostReason(hostOf(link))).toContain("single-label");
    },
  );

  it.each([
    "http://printer.local/",
    "http://app.localhost/",
    "https://git.corp/",
    "https://nas.home.arpa/",
    "http://db.internal/",
  ])("refuses the local-only name in %s", (link) => {
    expect(privateHostReason(hostOf(link))).toContain("known only on your own network");
  });
});
