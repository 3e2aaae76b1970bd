/**
 * Reordering controls shared by the alias groups and the pipeline steps: drag and drop
 * ({@link useDragReorder}), a drag handle that also moves with the arrow keys
 * ({@link DragHandle}), and up/down buttons ({@link MoveButtons}).
 *
 * @module
 */
import type { JSX, TargetedDragEvent } from "preact";
import { useState } from "preact/hooks";

/** Moves the item at `from` to `to` (callers ignore targets out of range). */
export type Move = (from: number, to: number) => void;

/** Drag-and-drop attributes for one list item. */
export interface DragItemProps {
  draggable: true;
  onDragStart(e: TargetedDragEvent<HTMLElement>): void;
  onDragOver(e: TargetedDragEvent<HTMLElement>): void;
  onDragLeave(): void;
  onDrop(e: TargetedDragEvent<HTMLElement>): void;
  onDragEnd(): void;
}

/** Drag-and-drop state of a list whose items have the keys `keys`, in order. */
export interface DragReorder {
  /** `" dragging"` and/or `" drop-target"` for the item's class. */
  stateClass(key: string): string;
  /** The attributes that make item `key` at `index` draggable and a drop target. */
  itemProps(key: string, index: number): DragItemProps;
}

/** Drag-and-drop reordering of a list; a drop moves the dragged item to the target's index. */
export function useDragReorder(
  keys: readonly string[],
  move: Move,
): DragReorder {
  const [dragKey, setDragKey] = useState<string | null>(null);
  const [overKey, setOverKey] = useState<string | null>(null);
  const end = () => {
    setDragKey(null);
    setOverKey(null);
  };
  return {
    stateClass: (key) =>
      `${dragKey === key ? " dragging" : ""}${
        overKey === key && dragKey !== key ? " drop-target" : ""
      }`,
    itemProps: (key, index) => ({
      draggable: true,
      onDragStart: (e) => {
        setDragKey(key);
        e.dataTransfer?.setData("text/plain", key);
        if (e.dataTransfer) e.dataTransfer.effectAllowed = "move";
      },
      onDragOver: (e) => {
        if (dragKey === null) return;
        e.preventDefault();
        setOverKey(key);
      },
      onDragLeave: () => setOverKey(null),
      onDrop: (e) => {
        e.preventDefault();
        const from = dragKey === null ? -1 : keys.indexOf(dragKey);
        end();
        if (from >= 0) move(from, index);
      },
      onDragEnd: end,
    }),
  };
}

/** Props of {@link DragHandle}. */
export interface DragHandleProps {
  readonly label: string;
  readonly index: number;
  readonly move: Move;
}

/** The ⠿ handle: a drag affordance that moves its item with ArrowUp/ArrowDown. */
export function DragHandle(
  { label, index, move }: DragHandleProps,
): JSX.Element {
  return (
    <button
      type="button"
      class="drag-handle"
      aria-label={label}
      title="Drag, or use the arrow keys, to reorder"
      onKeyDown={(e) => {
        if (e.key === "ArrowUp") {
          e.preventDefault();
          move(index, index - 1);
        } else if (e.key === "ArrowDown") {
          e.preventDefault();
          move(index, index + 1);
        }
      }}
    >
      ⠿
    </button>
  );
}

/** Props of {@link MoveButtons}. */
export interface MoveButtonsProps {
  /** The item in the accessible names: "Move {subject} up". */
  readonly subject: string;
  readonly index: number;
  readonly count: number;
  readonly move: Move;
}

/** ↑ and ↓ buttons, disabled at the ends of the list. */
export function MoveButtons(
  { subject, index, count, move }: MoveButtonsProps,
): JSX.Element {
  return (
    <>
      <button
        type="button"
        class="small icon"
        aria-label={`Move ${subject} up`}
        disabled={index === 0}
        onClick={() => move(index, index - 1)}
      >
        ↑
      </button>
      <button
        type="button"
        class="small icon"
        aria-label={`Move ${subject} down`}
        disabled={index === count - 1}
        onClick={() => move(index, index + 1)}
      >
        ↓
      </button>
    </>
  );
}
