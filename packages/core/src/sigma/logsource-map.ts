/*
 * Where each Sigma log source lives in the Windows event log (sigma-appendix-taxonomy.md, "Windows" tables),
 * as data: the routing code only interprets it. Channel names are lower-case (compared case-insensitively).
 * A category or service missing here is not routed at all (its rules see every event): an unknown log source
 * must cost speed, never detections.
 */

const SYSMON = 'microsoft-windows-sysmon/operational';
const SECURITY = 'security';
const POWERSHELL = ['microsoft-windows-powershell/operational', 'powershellcore/operational'];
const POWERSHELL_CLASSIC = 'windows powershell';

/** One place a category's events are written: any of `channels`, with one of `eventIds` (any id when absent). */
export interface WindowsEventSource {
  readonly channels: readonly string[];
  readonly eventIds?: readonly string[];
}

const sysmon = (...ids: number[]): WindowsEventSource => ({ channels: [SYSMON], eventIds: ids.map(String) });

/** `logsource.category` (with `product: windows`) → the channels and event ids that carry it. */
export const WINDOWS_CATEGORIES: Readonly<Record<string, readonly WindowsEventSource[]>> = {
  // Security 4688 is the built-in process audit event; SigmaHQ's field names apply to it after field mapping.
  process_creation: [sysmon(1), { channels: [SECURITY], eventIds: ['4688'] }],
  file_change: [sysmon(2)],
  network_connection: [sysmon(3)],
  sysmon_status: [sysmon(4, 16)],
  process_termination: [sysmon(5)],
  driver_load: [sysmon(6)],
  image_load: [sysmon(7)],
  create_remote_thread: [sysmon(8)],
  raw_access_thread: [sysmon(9)],
  process_access: [sysmon(10)],
  file_event: [sysmon(11)],
  registry_add: [sysmon(12)],
  registry_delete: [sysmon(12)],
  registry_set: [sysmon(13)],
  registry_rename: [sysmon(14)],
  registry_event: [sysmon(12, 13, 14)],
  create_stream_hash: [sysmon(15)],
  pipe_created: [sysmon(17, 18)],
  wmi_event: [sysmon(19, 20, 21)],
  dns_query: [sysmon(22)],
  // The taxonomy says 23; Sysmon 26 (FileDeleteDetected) carries the same fields and SigmaHQ backends map both.
  file_delete: [sysmon(23, 26)],
  clipboard_capture: [sysmon(24)],
  process_tampering: [sysmon(25)],
  file_delete_detected: [sysmon(26)],
  file_block_executable: [sysmon(27)],
  file_block_shredding: [sysmon(28)],
  file_executable_detected: [sysmon(29)],
  sysmon_error: [sysmon(255)],
  ps_classic_start: [{ channels: [POWERSHELL_CLASSIC], eventIds: ['400'] }],
  ps_classic_provider_start: [{ channels: [POWERSHELL_CLASSIC], eventIds: ['600'] }],
  ps_classic_script: [{ channels: [POWERSHELL_CLASSIC], eventIds: ['800'] }],
  ps_module: [{ channels: POWERSHELL, eventIds: ['4103'] }],
  ps_script: [{ channels: POWERSHELL, eventIds: ['4104'] }],
};

/** `logsource.service` (with `product: windows`) → the channels it names. */
export const WINDOWS_SERVICES: Readonly<Record<string, readonly string[]>> = {
  application: ['application'],
  'application-experience': [
    'microsoft-windows-application-experience/program-telemetry',
    'microsoft-windows-application-experience/program-compatibility-assistant',
  ],
  applocker: [
    'microsoft-windows-applocker/msi and script',
    'microsoft-windows-applocker/exe and dll',
    'microsoft-windows-applocker/packaged app-deployment',
    'microsoft-windows-applocker/packaged app-execution',
  ],
  'appmodel-runtime': ['microsoft-windows-appmodel-runtime/admin'],
  'appxdeployment-server': ['microsoft-windows-appxdeploymentserver/operational'],
  'appxpackaging-om': ['microsoft-windows-appxpackaging/operational'],
  bitlocker: ['microsoft-windows-bitlocker/bitlocker management'],
  'bits-client': ['microsoft-windows-bits-client/operational'],
  capi2: ['microsoft-windows-capi2/operational'],
  'certificateservicesclient-lifecycle-system': [
    'microsoft-windows-certificateservicesclient-lifecycle-system/operational',
  ],
  'codeintegrity-operational': ['microsoft-windows-codeintegrity/operational'],
  dhcp: ['microsoft-windows-dhcp-server/operational'],
  'diagnosis-scripted': ['microsoft-windows-diagnosis-scripted/operational'],
  'dns-client': ['microsoft-windows-dns client events/operational'],
  'dns-server': ['dns server'],
  'dns-server-analytic': ['microsoft-windows-dns-server/analytical'],
  'dns-server-audit': ['microsoft-windows-dns-server/audit'],
  'driver-framework': ['microsoft-windows-driverframeworks-usermode/operational'],
  'firewall-as': ['microsoft-windows-windows firewall with advanced security/firewall'],
  'hyper-v-worker': ['microsoft-windows-hyper-v-worker'],
  'iis-configuration': ['microsoft-iis-configuration/operational'],
  'kernel-event-tracing': ['microsoft-windows-kernel-eventtracing'],
  'kernel-shimengine': [
    'microsoft-windows-kernel-shimengine/operational',
    'wineventlog:microsoft-windows-kernel-shimengine/diagnostic',
  ],
  ldap: ['microsoft-windows-ldap-client/debug'],
  'lsa-server': ['microsoft-windows-lsa/operational'],
  'microsoft-servicebus-client': ['microsoft-servicebus-client/operational', 'microsoft-servicebus-client/admin'],
  'msexchange-management': ['msexchange management'],
  ntfs: ['microsoft-windows-ntfs/operational'],
  ntlm: ['microsoft-windows-ntlm/operational'],
  openssh: ['openssh/operational'],
  powershell: POWERSHELL,
  'powershell-classic': [POWERSHELL_CLASSIC],
  'printservice-admin': ['microsoft-windows-printservice/admin'],
  'printservice-operational': ['microsoft-windows-printservice/operational'],
  security: [SECURITY],
  'security-mitigations': [
    'microsoft-windows-security-mitigations/kernel mode',
    'microsoft-windows-security-mitigations/user mode',
  ],
  sense: ['microsoft-windows-sense/operational'],
  'servicebus-client': ['microsoft-servicebus-client/operational', 'microsoft-servicebus-client/admin'],
  'shell-core': ['microsoft-windows-shell-core/operational'],
  'smbclient-security': ['microsoft-windows-smbclient/security'],
  sysmon: [SYSMON],
  system: ['system'],
  taskscheduler: ['microsoft-windows-taskscheduler/operational'],
  'terminalservices-localsessionmanager': ['microsoft-windows-terminalservices-localsessionmanager/operational'],
  vhdmp: ['microsoft-windows-vhdmp/operational'],
  windefend: ['microsoft-windows-windows defender/operational'],
  wmi: ['microsoft-windows-wmi-activity/operational'],
};

/** Sysmon for Linux writes to its own channel; the taxonomy maps three Linux categories onto its event ids. */
export const LINUX_SYSMON_CHANNEL = 'linux-sysmon/operational';
export const LINUX_SYSMON_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  process_creation: ['1'],
  network_connection: ['3'],
  file_event: ['11'],
};

/*
 * Generic log sources (no `product`) that are never written to an event-log channel: web server and proxy
 * access logs, database query logs. Rules for them skip Windows and Sysmon-for-Linux records; generic
 * categories a Windows component can produce (antivirus, dns, firewall) stay unrouted.
 */
export const NOT_EVENT_LOG_CATEGORIES: ReadonlySet<string> = new Set(['webserver', 'proxy', 'database']);
export const NOT_EVENT_LOG_SERVICES: ReadonlySet<string> = new Set(['apache', 'nginx']);
