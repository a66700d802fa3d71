import type { Overview } from '@citysoc/core';
import { StatCard } from '../../components/StatCard.tsx';
import { formatCount, NOT_PERMITTED } from '../../format.ts';

interface CityFiguresProps {
  readonly counts: Overview['counts'];
  readonly audit: Overview['audit'];
}

function AuditChainCard({ audit }: { audit: Overview['audit'] }) {
  if (audit === null) {
    return (
      <StatCard label="Audit chain" value={NOT_PERMITTED} detail="Not visible to your role" testId="stat-audit-chain" />
    );
  }
  if (audit.ok) {
    return (
      <StatCard
        label="Audit chain"
        value="Intact"
        tone="good"
        detail={`${audit.entries.toLocaleString()} entries verified`}
        testId="stat-audit-chain"
      />
    );
  }
  const where = audit.firstBrokenSeq === null ? 'position unknown' : `first broken at #${audit.firstBrokenSeq}`;
  return <StatCard label="Audit chain" value="Broken" tone="bad" detail={where} testId="stat-audit-chain" />;
}

/** Counts within the caller's departments; a null count means the role may not see it, shown as "—". */
export function CityFigures({ counts, audit }: CityFiguresProps) {
  return (
    <div className="stat-grid">
      <StatCard label="Departments" value={formatCount(counts.departments)} testId="stat-departments" />
      <StatCard label="Users" value={formatCount(counts.users)} testId="stat-users" />
      <StatCard label="Active API tokens" value={formatCount(counts.activeTokens)} testId="stat-active-tokens" />
      <StatCard label="Audit entries" value={formatCount(counts.auditEntries)} testId="stat-audit-entries" />
      <AuditChainCard audit={audit} />
    </div>
  );
}
