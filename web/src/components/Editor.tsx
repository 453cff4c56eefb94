// The manifest editor: a textarea with a line gutter, a highlighted line (a clicked finding's),
// file upload and drag-and-drop.
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { DragEvent } from 'react';

export const LINE_HEIGHT = 18;

export interface EditorHandle {
  revealLine(line: number): void;
}

export const Editor = forwardRef<
  EditorHandle,
  {
    value: string;
    onChange(text: string): void;
    highlight: number | null;
    onFile(name: string, text: string): void;
  }
>(function Editor({ value, onChange, highlight, onFile }, ref) {
  const area = useRef<HTMLTextAreaElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [dragging, setDragging] = useState(false);
  const lines = value.split('\n').length;

  useImperativeHandle(ref, () => ({
    revealLine(line: number) {
      const el = area.current;
      if (!el) return;
      const target = Math.max(0, (line - 1) * LINE_HEIGHT - el.clientHeight / 3);
      el.scrollTop = target;
      setScrollTop(el.scrollTop);
      // Select the line too, so the caret is there when the editor gets focus.
      const starts =
        value
          .split('\n')
          .slice(0, line - 1)
          .join('\n').length + (line > 1 ? 1 : 0);
      const len = value.split('\n')[line - 1]?.length ?? 0;
      el.setSelectionRange(starts, starts + len);
    },
  }));

  useEffect(() => {
    if (area.current) setScrollTop(area.current.scrollTop);
  }, [value]);

  const readFile = async (file: File) => onFile(file.name, await file.text());
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void readFile(file);
    else {
      const text = e.dataTransfer.getData('text/plain');
      if (text) onChange(text);
    }
  };

  return (
    <div
      className={`editor${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="gutter" aria-hidden="true">
        <div style={{ transform: `translateY(${-scrollTop}px)` }}>
          {Array.from({ length: lines }, (_, i) => (
            <div key={i} className={highlight === i + 1 ? 'ln hl' : 'ln'}>
              {i + 1}
            </div>
          ))}
        </div>
      </div>
      <div className="code">
        {highlight !== null && (
          <div
            className="line-highlight"
            data-line={highlight}
            aria-hidden="true"
            style={{ top: (highlight - 1) * LINE_HEIGHT + 6 - scrollTop }}
          />
        )}
        <textarea
          ref={area}
          id="manifest"
          aria-label="Manifest (YAML or JSON; several documents allowed)"
          aria-describedby="manifest-help"
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          wrap="off"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        />
      </div>
      {dragging && <div className="drop-hint">Drop a YAML or JSON file</div>}
      <span id="manifest-help" className="sr-only">
        Paste, type, or drop a file here. Tab inserts no indentation: use spaces.
      </span>
      <input
        type="file"
        id="upload"
        className="sr-only"
        accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml,text/plain"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void readFile(f);
          e.target.value = '';
        }}
      />
    </div>
  );
});
