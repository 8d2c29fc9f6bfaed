import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { Button } from "../../../ui/button.tsx";
import type { EditableStep } from "../state/plan-edit.ts";

/** The plan's steps as fields: retitle, reword, reorder, remove and add, before approving the edited plan. */
export function PlanStepEditor({
  steps,
  onChange,
}: {
  steps: readonly EditableStep[];
  onChange(steps: EditableStep[]): void;
}) {
  const update = (index: number, patch: Partial<EditableStep>) =>
    onChange(steps.map((step, at) => (at === index ? { ...step, ...patch } : step)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...steps];
    const [step] = next.splice(index, 1);
    if (step) next.splice(index + by, 0, step);
    onChange(next);
  };
  return (
    <div className="flex flex-col gap-3">
      <ol className="flex flex-col gap-3">
        {steps.map((step, index) => (
          <li key={step.key} className="flex gap-2">
            <span className="w-6 pt-1.5 text-right text-sm text-zinc-600 dark:text-zinc-400" aria-hidden>
              {index + 1}.
            </span>
            <div className="flex min-w-0 flex-1 flex-col gap-1">
              <input
                aria-label={`Step ${index + 1} title`}
                value={step.title}
                maxLength={500}
                onChange={(event) => update(index, { title: event.target.value })}
                className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
              />
              <textarea
                aria-label={`Step ${index + 1} detail`}
                value={step.detail}
                rows={2}
                maxLength={10_000}
                onChange={(event) => update(index, { detail: event.target.value })}
                className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs dark:border-zinc-700 dark:bg-zinc-900"
              />
            </div>
            <div className="flex flex-col gap-0.5">
              <IconAction
                label={`Move step ${index + 1} up`}
                disabled={index === 0}
                onClick={() => move(index, -1)}
              >
                <ArrowUp aria-hidden className="size-4" />
              </IconAction>
              <IconAction
                label={`Move step ${index + 1} down`}
                disabled={index === steps.length - 1}
                onClick={() => move(index, 1)}
              >
                <ArrowDown aria-hidden className="size-4" />
              </IconAction>
              <IconAction
                label={`Remove step ${index + 1}`}
                onClick={() => onChange(steps.filter((_, at) => at !== index))}
              >
                <Trash2 aria-hidden className="size-4" />
              </IconAction>
            </div>
          </li>
        ))}
      </ol>
      <Button
        variant="ghost"
        className="self-start"
        disabled={steps.length >= 100}
        onClick={() =>
          onChange([...steps, { key: crypto.randomUUID(), title: "", detail: "", delegateTo: null }])
        }
      >
        <Plus aria-hidden className="size-4" /> Add a step
      </Button>
    </div>
  );
}

function IconAction({
  label,
  disabled,
  onClick,
  children,
}: {
  label: string;
  disabled?: boolean;
  onClick(): void;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
      className="rounded p-1 text-zinc-600 hover:bg-zinc-200 disabled:opacity-40 dark:text-zinc-400 dark:hover:bg-zinc-800"
    >
      {children}
    </button>
  );
}
