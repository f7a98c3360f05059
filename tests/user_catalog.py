"""A small valid user catalogue that tests damage one way at a time."""

USER_CATALOG = """\
schema_version: 1
sources:
  - {id: mine, title: My bench, url: https://example.com, kind: measurement}
hardware:
  - {id: orin, name: Orin TRT FP16, device: Jetson Orin, source: mine}
families:
  - {id: mynet, name: MyNet, license: MIT, sources: [mine]}
models:
  - id: mynet-s
    family: mynet
    variant: s
    source: mine
    params_m: 3.2
    accuracy:
      - {metric: map50_95, value: 40.1, split: val2017}
    latency:
      - {hardware: orin, ms: 4.2}
"""
