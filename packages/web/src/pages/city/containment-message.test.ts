import type { Asset } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import type { ResponseApproval } from '../../api/response.ts';
import { containmentMessage } from './containment-message.ts';

const approval = { stance_level: 3, action: 'shutdown_device' } as ResponseApproval;
const applied = { kind: 'applied', asset: {} as Asset } as const;
const pending = { kind: 'pending', approval } as const;
const name = (id: string) => id.toUpperCase();

describe('containmentMessage', () => {
  it('says what changed and what waits for approval, and why', () => {
    expect(containmentMessage([{ id: 'a', outcome: applied }], 'isolated', name)).toBe('A was isolated.');
    expect(
      containmentMessage(
        [
          { id: 'a', outcome: applied },
          { id: 'b', outcome: pending },
          { id: 'c', outcome: pending },
        ],
        'taken offline',
        name,
      ),
    ).toBe(
      'A was taken offline. B, C wait for a second person\'s approval: at stance level 3, "shutdown device" needs one (City → Approvals).',
    );
  });
});
