import type { Asset } from '@citysoc/core';
import { useState } from 'react';

interface AssetPickerProps {
  readonly assets: readonly Asset[];
  readonly picked: readonly string[];
  readonly onChange: (picked: readonly string[]) => void;
}

/** Suggestions shown at once: enough to pick from, few enough to scan. */
const MAX_SUGGESTIONS = 8;

/** Assets whose name or id contains the text, case-insensitively, not already picked. */
export function matchAssets(assets: readonly Asset[], text: string, picked: readonly string[]): Asset[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [];
  const taken = new Set(picked);
  const matches: Asset[] = [];
  for (const asset of assets) {
    if (taken.has(asset.id)) continue;
    if (asset.id.toLowerCase().includes(needle) || asset.name.toLowerCase().includes(needle)) matches.push(asset);
    if (matches.length === MAX_SUGGESTIONS) break;
  }
  return matches;
}

/** A search box that adds assets to a list, and the list with a remove button on each. */
export function AssetPicker({ assets, picked, onChange }: AssetPickerProps) {
  const [text, setText] = useState('');
  const suggestions = matchAssets(assets, text, picked);
  const nameOf = (id: string): string => assets.find((asset) => asset.id === id)?.name ?? id;

  return (
    <div className="asset-picker">
      <div className="field">
        <label htmlFor="whatif-search">Find an asset</label>
        <input
          id="whatif-search"
          type="search"
          autoComplete="off"
          spellCheck={false}
          placeholder="Name or id"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      {suggestions.length > 0 && (
        <ul className="suggestions" aria-label="Matching assets">
          {suggestions.map((asset) => (
            <li key={asset.id}>
              <button
                type="button"
                className="suggestion"
                onClick={() => {
                  onChange([...picked, asset.id]);
                  setText('');
                }}
              >
                {asset.name} <span className="muted mono">{asset.id}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {text.trim() !== '' && suggestions.length === 0 && <p className="muted">No asset matches.</p>}
      {picked.length > 0 && (
        <ul className="chips picked-assets" aria-label="Assets in the what-if">
          {picked.map((id) => (
            <li key={id} className="chip" data-testid="whatif-asset">
              {nameOf(id)}
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${nameOf(id)}`}
                onClick={() => onChange(picked.filter((other) => other !== id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
