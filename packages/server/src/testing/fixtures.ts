/** A small Sigma rule over CitySOC telemetry, for tests that try rules over stored pump readings. */
export const PUMP_PRESSURE_RULE = `title: Pump pressure above safe limit
id: 0b6c1a52-1111-4c7a-9a0e-5e0d7c1f0a01
status: test
logsource: { product: citysoc, category: ot }
detection:
  selection:
    device.id|startswith: pump-
    citysoc.telemetry.value|gt: 8
  condition: selection
level: high
`;
