import { facts, html, htmlDocument, table, tlpBanner } from './html.ts';
import {
  impactSummary,
  type IncidentReportData,
  PLAYBOOK_HEADER,
  playbookRows,
  responseTimes,
  SLA_CLOCK_TITLES,
  slaOutcome,
  summaryFacts,
  titleCase,
} from './incident-report.ts';

/** The incident report as one self-contained HTML document; every value from the case is escaped. */
export function incidentReportHtml(data: IncidentReportData): string {
  const i = data.incident;
  const body = html`<header>
      <p>${tlpBanner(data.tlp)} <span class="muted">CitySOC incident report</span></p>
      <h1 data-field="title">${i.ref}: ${i.title}</h1>
      <p class="muted">Generated ${data.generatedAt.toISOString()} by ${data.generatedBy}.</p>
    </header>
    <section>
      <h2>Summary</h2>
      <p class="pre" data-field="description">${i.description === '' ? 'No description.' : i.description}</p>
      ${facts(summaryFacts(data))}
    </section>
    <section>
      <h2>SLA outcome</h2>
      ${table(
        ['Clock', 'Outcome'],
        i.sla.clocks.map((c) => [SLA_CLOCK_TITLES[c.target], slaOutcome(c)]),
        'No SLA clock.',
      )}
      ${facts(responseTimes(data.times))}
    </section>
    <section>
      <h2>Impact on services and residents</h2>
      <p>${impactSummary(i)}</p>
      <h3>Affected services</h3>
      ${table(
        ['Service', 'Criticality', 'Residents served'],
        data.services.map((s) => [`${s.name} (${s.id})`, s.criticality, s.population.toLocaleString('en-US')]),
        'No affected service recorded.',
      )}
      <h3>Affected assets</h3>
      ${table(
        ['Asset', 'Type'],
        data.assets.map((a) => [`${a.name} (${a.id})`, a.type]),
        'No affected asset recorded.',
      )}
      ${
        i.impact === null
          ? ''
          : html`<h3>Cascade impact</h3>
              ${table(
                ['Service', 'State', 'Residents', 'Dependency path'],
                i.impact.services.map((s) => [
                  s.name,
                  s.state,
                  s.population.toLocaleString('en-US'),
                  s.path.join(' → '),
                ]),
                'No service is impacted.',
              )}`
      }
    </section>
    <section>
      <h2>Observables</h2>
      <p class="muted">Each observable keeps its own TLP and PAP; the report carries the most restrictive.</p>
      ${table(
        ['Type', 'Value', 'TLP', 'PAP', 'Blocked', 'Description'],
        i.observables.map((o) => [
          o.type,
          o.value,
          `TLP:${o.tlp.toUpperCase()}`,
          `PAP:${o.pap.toUpperCase()}`,
          o.block ? 'yes' : 'no',
          o.description,
        ]),
        'No observable recorded.',
      )}
    </section>
    <section>
      <h2>Linked alerts</h2>
      ${table(
        ['Time', 'Level', 'Alert', 'Linked because'],
        i.alerts.map((a) => [a.timestamp, a.level ?? '-', a.title, a.reason]),
        'No alert linked.',
      )}
    </section>
    <section>
      <h2>Tasks</h2>
      ${table(
        ['Task', 'Status', 'Assignee', 'Due'],
        i.tasks.map((t) => [t.title, titleCase(t.status), t.assigneeName ?? '-', t.due ?? '-']),
        'No task.',
      )}
    </section>
    <section>
      <h2>Playbook runs</h2>
      ${table(PLAYBOOK_HEADER, playbookRows(data.playbookRuns), 'No playbook ran on this case.')}
    </section>
    <section>
      <h2>Timeline and actions taken</h2>
      ${table(
        ['Time', 'By', 'What', 'Detail'],
        i.timeline.map((e) => [e.at, e.actor, e.kind, e.text]),
        'Nothing recorded.',
      )}
    </section>
    <section>
      <h2>Comments</h2>
      ${table(
        ['Time', 'By', 'Comment'],
        i.comments.map((c) => [c.createdAt, c.authorName, html`<span class="pre">${c.body}</span>`]),
        'No comment.',
      )}
    </section>
    <section>
      <h2>Lessons learned</h2>
      ${
        data.lessons.text.trim() === ''
          ? html`<p class="empty">Not recorded yet.</p>`
          : html`<p class="pre" data-field="lessons">${data.lessons.text}</p>
              <p class="muted">Last edited ${data.lessons.updatedAt ?? ''} by ${data.lessons.updatedBy ?? ''}.</p>`
      }
    </section>
    <footer>${tlpBanner(data.tlp)} ${i.ref} - CitySOC incident report</footer>`;
  return htmlDocument(`${i.ref}: ${i.title} - CitySOC incident report`, body);
}
