import { CopyButton } from "../../ui/copy-button.tsx";

/** The code to confirm at the Cloud, large enough to compare at a glance, with a copy button. */
export function DeviceCode({ code }: { code: string }) {
  return (
    <div className="flex items-end gap-2">
      <div>
        <p className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Code to confirm</p>
        <p className="font-mono text-2xl font-semibold tracking-widest">{code}</p>
      </div>
      <CopyButton label="Copy the code" getText={() => code} className="mb-1" />
    </div>
  );
}
