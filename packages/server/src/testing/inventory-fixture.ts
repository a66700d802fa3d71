/**
 * A small two-department city in the inventory file format (the example, completed so every
 * reference resolves): a water service that needs the energy department's grid, one of two SCADA servers,
 * and a historian whose loss only degrades it.
 */
export const SMALL_CITY_YAML = `departments:
  - {id: water, name: Water Utility}
  - {id: energy, name: Energy}
services:
  - id: power-grid
    name: Power grid
    department: energy
    criticality: critical
    population: 600000
    depends_on:
      - {asset: grid-scada}
  - id: water-supply            # criticality: low|medium|high|critical; population: residents served
    name: Drinking water supply
    department: water
    criticality: critical
    population: 250000
    rto: 4h
    rpo: 15m
    depends_on:
      - {service: power-grid}
      - {assets: [scada-1, scada-2], need: 1}
      - {asset: historian-db, soft: true}
assets:
  - id: core-switch-1
    name: Core switch 1
    type: network
    department: water
    zone: ot
    ip: [10.20.0.1]
    software: ['cpe:2.3:o:cisco:ios:15.2\\\\(4\\\\)e10:*:*:*:*:*:*:*']
  - id: scada-1
    name: SCADA server 1
    type: server
    department: water
    zone: ot
    location: {lat: 59.91, lon: 10.75, site: Plant A}
    ip: [10.20.0.11]
    hostnames: [scada-1.water.city]
    software: ['cpe:2.3:a:vendor:product:1.2.3:*:*:*:*:*:*:*']
    report_interval: 60s
    metrics: {temperature: {min: 5, max: 35, unit: C}}
    depends_on: [{asset: core-switch-1}]
  - id: scada-2
    name: SCADA server 2
    type: server
    department: water
    zone: ot
    ip: [10.20.0.12]
    depends_on: [{asset: core-switch-1}]
  - id: historian-db
    name: Process historian
    type: database
    department: water
    zone: ot
  - id: grid-scada
    name: Grid SCADA
    type: server
    department: energy
    zone: ot
    ip: [10.30.0.5]
`;
