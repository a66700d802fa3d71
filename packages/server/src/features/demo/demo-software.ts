/**
 * The software of the demo city as CPE 2.3 names. Every name is copied verbatim from the public vulnerability
 * data the project tests with (../shared/data: CVE 5 records from CISA vulnrichment and NVD API 2.0 pages,
 * including its CPE dictionary page), so vulnerability matching finds real findings in the demo: FortiOS 7.2.0
 * and 7.0.0 (KEV-listed CVE-2022-40684, CVE-2024-21762), AXIS OS 11.11 (CVE-2024-7784), Ignition 8.1.31
 * (CVE-2023-50232), Westermo Lynx 4.24 (CVE-2023-45735), Debian 11 (NVD 2023 page), Hikvision NVRs
 * (CVE-2024-29949) and so on. Where the data holds only an old version (Apache httpd, Cisco IOS) the city runs
 * that version: a legacy estate is what a demo of vulnerability management should show. The data has no
 * Windows Server CPE, so Windows hosts carry the generic `microsoft:windows` x64 name found there.
 * `demo-city.test.ts` checks every name against the data.
 */
export const SOFTWARE = {
  // network
  ciscoIos: 'cpe:2.3:o:cisco:ios:12.4\\(9\\)t:*:*:*:*:*:*:*',
  fortiOsEdge: 'cpe:2.3:o:fortinet:fortios:7.2.0:*:*:*:*:*:*:*',
  fortiOsBranch: 'cpe:2.3:o:fortinet:fortios:7.0.0:*:*:*:*:*:*:*',
  westermoLynx: 'cpe:2.3:o:westermo:l206-f2g1_firmware:4.24:*:*:*:*:*:*:*',
  tpLinkEr7206: 'cpe:2.3:h:tp-link:er7206:1.4.1:*:*:*:*:*:*:*',
  moxaEdr: 'cpe:2.3:a:moxa:edr-g9010:*:*:*:*:*:*:*:*',
  // servers and endpoints
  vmwareEsx: 'cpe:2.3:o:vmware:esx:-:*:*:*:*:*:*:*',
  windows: 'cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:x64:*',
  exchange: 'cpe:2.3:a:microsoft:exchange_server:2019:cumulative_update_13:*:*:*:*:*:*',
  debian11: 'cpe:2.3:o:debian:debian_linux:11.0:*:*:*:*:*:*:*',
  debian10: 'cpe:2.3:o:debian:debian_linux:10.0:*:*:*:*:*:*:*',
  openssh: 'cpe:2.3:a:openbsd:openssh:-:*:*:*:*:*:*:*',
  apacheHttpd: 'cpe:2.3:a:apache:http_server:2.2.1:*:*:*:*:*:*:*',
  tomcat: 'cpe:2.3:a:apache:tomcat:6.0.13:*:*:*:*:*:*:*',
  postgresql: 'cpe:2.3:a:postgresql:postgresql:-:*:*:*:*:*:*:*',
  bind: 'cpe:2.3:a:isc:bind:9.4.1:*:*:*:*:*:*:*',
  android: 'cpe:2.3:o:google:android:-:*:*:*:*:*:*:*',
  qnapQts: 'cpe:2.3:o:qnap:qts:5.1.0:*:*:*:*:*:*:*',
  // OT and SCADA
  ignition: 'cpe:2.3:a:inductiveautomation:ignition:8.1.31:*:*:*:*:*:*:*',
  avevaHistorian: 'cpe:2.3:a:aveva:historian:2023:*:*:*:*:*:*:*',
  scadaGateway: 'cpe:2.3:a:trianglemicroworks:scada_data_gateway:5.1.3.20324:*:*:*:*:*:*:*',
  redLionCrimson: 'cpe:2.3:a:redlion:crimson:3.1:-:*:*:*:*:*:*',
  unitronicsVisiLogic: 'cpe:2.3:a:unitronics:visilogic:*:*:*:*:*:*:*:*',
  melsecQ: 'cpe:2.3:h:mitsubishielectric:melsec_q-q03udecpu:-:*:*:*:*:*:*:*',
  omronNj501: 'cpe:2.3:o:omron:nj501-1300_firmware:-:*:*:*:*:*:*:*',
  wago750: 'cpe:2.3:o:wago:750-881_firmware:*:*:*:*:*:*:*:*',
  sage2400: 'cpe:2.3:h:schneider-electric:sage_2400:-:*:*:*:*:*:*:*',
  carelBossMini: 'cpe:2.3:o:carel:boss_mini_firmware:1.5.0:*:*:*:*:*:*:*',
  solarView: 'cpe:2.3:o:contec:solarview_compact_firmware:6.00:*:*:*:*:*:*:*',
  apcSmartUps: 'cpe:2.3:h:apc:smart-ups_2200:-:*:*:*:*:*:*:*',
  apcNetworkCard: 'cpe:2.3:h:apc:ap9606:3.0.1:*:*:*:*:*:*:*',
  // IoT and video
  axisOs: 'cpe:2.3:o:axis:axis_os:11.11:*:*:*:*:*:*:*',
  dahuaCamera: 'cpe:2.3:h:dahuasecurity:ipc-hfw8xxx:-:*:*:*:*:*:*:*',
  vivotekCamera: 'cpe:2.3:h:vivotek:cc8160:-:*:*:*:*:*:*:*',
  dahuaNvr: 'cpe:2.3:h:dahuasecurity:nvr4832-i:-:*:*:*:*:*:*:*',
  hikvisionNvr: 'cpe:2.3:h:hikvision:ds-7604ni-m1\\/4p:*:*:*:*:*:*:*:*',
  hikCentral: 'cpe:2.3:a:hikvision:hikcentral_master_lite:2.0.0:*:*:*:*:*:*:*',
  evStation: 'cpe:2.3:a:ubiquiti:unifi_connect_ev_station:1.2.15:*:*:*:*:*:*:*',
  infoDisplay: 'cpe:2.3:a:ubiquiti:unifi_connect_display:1.11.348:*:*:*:*:*:*:*',
  deviceHub: 'cpe:2.3:a:milesight:devicehub:3.0.1-r1:*:*:*:*:*:*:*',
  zigbee: 'cpe:2.3:a:silabs:zigbee_emberznet:-:*:*:*:*:*:*:*',
  controllerBoard: 'cpe:2.3:o:nxp:i.mx_rt1060_firmware:-:*:*:*:*:*:*:*',
  loraGatewayBoard: 'cpe:2.3:o:nxp:i.mx_6ull_firmware:-:*:*:*:*:*:*:*',
  fireSubscriber: 'cpe:2.3:a:siemens:intermesh_7707_fire_subscriber:*:*:*:*:*:*:*:*',
  // health
  syngoDynamics: 'cpe:2.3:a:siemens:syngo_dynamics_cardiovascular_imaging_and_information_system:*:*:*:*:*:*:*:*',
  echoPac: 'cpe:2.3:a:gehealthcare:echopac_software:-:*:*:*:*:*:*:*',
} as const satisfies Record<string, string>;

export type SoftwareName = keyof typeof SOFTWARE;
