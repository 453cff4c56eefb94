// The YAML dialect table: what kubectl reads (sigs.k8s.io/yaml v1.3.0 YAMLToJSON on go-yaml v2,
// gopkg.in/yaml.v2 at 7649d45, run on each input) against what the engine reads. Data only: the
// inputs are go-yaml's own test inputs (decode_test.go, cited by line), go-yaml's own output
// (JSONToYAML of the objects shown, i.e. what `kubectl get -o yaml` prints), the continuation-line
// cases go-yaml's scanner accepts (scannerc.go) and real manifests (cited). `kubectl` is the
// recorded result of go-yaml itself; `engine` says how the engine is expected to differ, if at all.

export interface DialectRow {
  source: string;
  yaml: string;
  kubectl: { json: unknown } | { error: string };
  /** same: identical data (or both refuse); yaml11-boolean: kept as text and flagged (shape.ts
   * turns it into the boolean in boolean fields, warns in string fields); differs: a known gap. */
  engine: 'same' | 'yaml11-boolean' | { differs: string };
}

export const DIALECT_ROWS: DialectRow[] = [
  {
    source: 'go-yaml v2 decode_test.go:31 (unmarshalTests)',
    yaml: 'v: hi',
    kubectl: { json: { v: 'hi' } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:36 (unmarshalTests)',
    yaml: 'v: true',
    kubectl: { json: { v: true } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:39 (unmarshalTests)',
    yaml: 'v: 10',
    kubectl: { json: { v: 10 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:42 (unmarshalTests)',
    yaml: 'v: 0b10',
    kubectl: { json: { v: 2 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:45 (unmarshalTests)',
    yaml: 'v: 0xA',
    kubectl: { json: { v: 10 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:51 (unmarshalTests)',
    yaml: 'v: 0.1',
    kubectl: { json: { v: 0.1 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:54 (unmarshalTests)',
    yaml: 'v: .1',
    kubectl: { json: { v: 0.1 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:57 (unmarshalTests)',
    yaml: 'v: .Inf',
    kubectl: { error: 'json: unsupported value: +Inf' },
    engine: {
      differs:
        'the engine keeps Infinity; only a field that is read as a quantity reports it (shape.ts), where kubectl refuses the whole document',
    },
  },
  {
    source: 'go-yaml v2 decode_test.go:60 (unmarshalTests)',
    yaml: 'v: -.Inf',
    kubectl: { error: 'json: unsupported value: -Inf' },
    engine: { differs: 'as .Inf' },
  },
  {
    source: 'go-yaml v2 decode_test.go:63 (unmarshalTests)',
    yaml: 'v: -10',
    kubectl: { json: { v: -10 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:66 (unmarshalTests)',
    yaml: 'v: -.1',
    kubectl: { json: { v: -0.1 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:78 (unmarshalTests)',
    yaml: 'canonical: 6.8523e+5',
    kubectl: { json: { canonical: 685230 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:81 (unmarshalTests)',
    yaml: 'expo: 685.230_15e+03',
    kubectl: { json: { expo: 685230.15 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:84 (unmarshalTests)',
    yaml: 'fixed: 685_230.15',
    kubectl: { json: { fixed: 685230.15 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:87 (unmarshalTests)',
    yaml: 'neginf: -.inf',
    kubectl: { error: 'json: unsupported value: -Inf' },
    engine: { differs: 'as .Inf' },
  },
  {
    source: 'go-yaml v2 decode_test.go:98 (unmarshalTests)',
    yaml: 'canonical: y',
    kubectl: { json: { canonical: true } },
    engine: 'yaml11-boolean',
  },
  {
    source: 'go-yaml v2 decode_test.go:101 (unmarshalTests)',
    yaml: 'answer: NO',
    kubectl: { json: { answer: false } },
    engine: 'yaml11-boolean',
  },
  {
    source: 'go-yaml v2 decode_test.go:104 (unmarshalTests)',
    yaml: 'logical: True',
    kubectl: { json: { logical: true } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:107 (unmarshalTests)',
    yaml: 'option: on',
    kubectl: { json: { option: true } },
    engine: 'yaml11-boolean',
  },
  {
    source: 'go-yaml v2 decode_test.go:115 (unmarshalTests)',
    yaml: 'canonical: 685230',
    kubectl: { json: { canonical: 685230 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:118 (unmarshalTests)',
    yaml: 'decimal: +685_230',
    kubectl: { json: { decimal: 685230 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:121 (unmarshalTests)',
    yaml: 'octal: 02472256',
    kubectl: { json: { octal: 685230 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:124 (unmarshalTests)',
    yaml: 'hexa: 0x_0A_74_AE',
    kubectl: { json: { hexa: 685230 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:127 (unmarshalTests)',
    yaml: 'bin: 0b1010_0111_0100_1010_1110',
    kubectl: { json: { bin: 685230 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:130 (unmarshalTests)',
    yaml: 'bin: -0b101010',
    kubectl: { json: { bin: -42 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:133 (unmarshalTests)',
    yaml: 'bin: -0b1000000000000000000000000000000000000000000000000000000000000000',
    kubectl: { json: { bin: -9223372036854775808 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:144 (unmarshalTests)',
    yaml: 'empty:',
    kubectl: { json: { empty: null } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:147 (unmarshalTests)',
    yaml: 'canonical: ~',
    kubectl: { json: { canonical: null } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:150 (unmarshalTests)',
    yaml: 'english: null',
    kubectl: { json: { english: null } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:153 (unmarshalTests)',
    yaml: '~: null key',
    kubectl: { error: 'Unsupported map key of type: %!s(<nil>), key: <nil>, value: "null key"' },
    engine: {
      differs:
        'a null key is read as the text "~" (yaml stringKeys); kubectl cannot convert it to JSON',
    },
  },
  {
    source: 'go-yaml v2 decode_test.go:162 (unmarshalTests)',
    yaml: 'seq: [A,B]',
    kubectl: { json: { seq: ['A', 'B'] } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:174 (unmarshalTests)',
    yaml: 'seq: [A,1,C]',
    kubectl: { json: { seq: ['A', 1, 'C'] } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:179 (unmarshalTests)',
    yaml: 'seq:\n - A\n - B',
    kubectl: { json: { seq: ['A', 'B'] } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:191 (unmarshalTests)',
    yaml: 'seq:\n - A\n - 1\n - C',
    kubectl: { json: { seq: ['A', 1, 'C'] } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:209 (unmarshalTests)',
    yaml: 'a: {b: c}',
    kubectl: { json: { a: { b: 'c' } } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:397 (unmarshalTests)',
    yaml: "'1': '\"2\"'",
    kubectl: { json: { '1': '"2"' } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:406 (unmarshalTests)',
    yaml: "v: !!float '1.1'",
    kubectl: { json: { v: 1.1 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:409 (unmarshalTests)',
    yaml: 'v: !!float 0',
    kubectl: { json: { v: 0 } },
    engine: {
      differs: 'explicit tags are not resolved (resolveKnownTags: false): !!float 0 stays "0"',
    },
  },
  {
    source: 'go-yaml v2 decode_test.go:412 (unmarshalTests)',
    yaml: 'v: !!float -1',
    kubectl: { json: { v: -1 } },
    engine: { differs: 'explicit tags are not resolved: !!float -1 stays "-1"' },
  },
  {
    source: 'go-yaml v2 decode_test.go:415 (unmarshalTests)',
    yaml: "v: !!null ''",
    kubectl: { json: { v: null } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:418 (unmarshalTests)',
    yaml: "%TAG !y! tag:yaml.org,2002:\n---\nv: !y!int '1'",
    kubectl: { json: { v: 1 } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:424 (unmarshalTests)',
    yaml: 'v: ! test',
    kubectl: { json: { v: 'test' } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:455 (unmarshalTests)',
    yaml: 'foo: null',
    kubectl: { json: { foo: null } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:467 (unmarshalTests)',
    yaml: 'foo: ~',
    kubectl: { json: { foo: null } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:515 (unmarshalTests)',
    yaml: 'a: -b_c',
    kubectl: { json: { a: '-b_c' } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:519 (unmarshalTests)',
    yaml: 'a: +b_c',
    kubectl: { json: { a: '+b_c' } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:523 (unmarshalTests)',
    yaml: 'a: 50cent_of_dollar',
    kubectl: { json: { a: '50cent_of_dollar' } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:529 (unmarshalTests)',
    yaml: 'a: {b: https://github.com/go-yaml/yaml}',
    kubectl: { json: { a: { b: 'https://github.com/go-yaml/yaml' } } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:535 (unmarshalTests)',
    yaml: 'a: [https://github.com/go-yaml/yaml]',
    kubectl: { json: { a: ['https://github.com/go-yaml/yaml'] } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:577 (unmarshalTests)',
    yaml: 'a:\n b:\n  c: d\n',
    kubectl: { json: { a: { b: { c: 'd' } } } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:637 (unmarshalTests)',
    yaml: 'a: !!str 2015-01-01',
    kubectl: { json: { a: '2015-01-01' } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:652 (unmarshalTests)',
    yaml: 'a: "2015-01-01"',
    kubectl: { json: { a: '2015-01-01' } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:657 (unmarshalTests)',
    yaml: 'a: !!timestamp "2015-01-01"',
    kubectl: { json: { a: '2015-01-01' } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:662 (unmarshalTests)',
    yaml: 'a: 2015-01-01',
    kubectl: { json: { a: '2015-01-01' } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:704 (unmarshalTests)',
    yaml: 'First occurrence: &anchor Foo\nSecond occurrence: *anchor\nOverride anchor: &anchor Bar\nReuse anchor: *anchor\n',
    kubectl: {
      json: {
        'First occurrence': 'Foo',
        'Override anchor': 'Bar',
        'Reuse anchor': 'Bar',
        'Second occurrence': 'Foo',
      },
    },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:857 (unmarshalErrorTests)',
    yaml: "v: !!float 'error'",
    kubectl: { error: 'yaml: cannot decode !!str `error` as a !!float' },
    engine: { differs: 'explicit tags are not resolved: !!float on text is not checked' },
  },
  {
    source: 'go-yaml v2 decode_test.go:858 (unmarshalErrorTests)',
    yaml: 'v: [A,',
    kubectl: { error: 'yaml: line 1: did not find expected node content' },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:859 (unmarshalErrorTests)',
    yaml: 'v:\n- [A,',
    kubectl: { error: 'yaml: line 2: did not find expected node content' },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:860 (unmarshalErrorTests)',
    yaml: 'a:\n- b: *,',
    kubectl: { error: 'yaml: line 2: did not find expected alphabetic or numeric character' },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:861 (unmarshalErrorTests)',
    yaml: 'a: *b\n',
    kubectl: { error: "yaml: unknown anchor 'b' referenced" },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:862 (unmarshalErrorTests)',
    yaml: 'a: &a\n  b: *a\n',
    kubectl: { error: "yaml: anchor 'a' value contains itself" },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:863 (unmarshalErrorTests)',
    yaml: 'a: &x null\n<<:\n- *x\nb: &x {}\n',
    kubectl: { error: 'yaml: map merge requires map or sequence of maps as the value' },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:864 (unmarshalErrorTests)',
    yaml: 'value: -',
    kubectl: { error: 'yaml: block sequence entries are not allowed in this context' },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:865 (unmarshalErrorTests)',
    yaml: 'a: !!binary ==',
    kubectl: { error: 'yaml: !!binary value contains invalid base64 data' },
    engine: { differs: 'explicit tags are not resolved: !!binary is not checked' },
  },
  {
    source: 'go-yaml v2 decode_test.go:866 (unmarshalErrorTests)',
    yaml: '{[.]}',
    kubectl: { error: 'yaml: invalid map key: []interface {}{"."}' },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:867 (unmarshalErrorTests)',
    yaml: '{{.}}',
    kubectl: {
      error: 'yaml: invalid map key: map[interface {}]interface {}{".":interface {}(nil)}',
    },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:868 (unmarshalErrorTests)',
    yaml: 'b: *a\na: &a {c: 1}',
    kubectl: { error: "yaml: unknown anchor 'a' referenced" },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:869 (unmarshalErrorTests)',
    yaml: "%TAG !%79! tag:yaml.org,2002:\n---\nv: !%79!int '1'",
    kubectl: { error: 'yaml: did not find expected whitespace' },
    engine: { differs: '%TAG handles are resolved by yaml, which accepts this one' },
  },
  {
    source: 'go-yaml v2 decode_test.go:870 (unmarshalErrorTests)',
    yaml: 'a:\n  1:\nb\n  2:',
    kubectl: { error: "yaml: line 4: could not find expected ':'" },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:913 (unmarshalErrorTests)',
    yaml: '_: {hi: there}',
    kubectl: { json: { _: { hi: 'there' } } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 decode_test.go:871 (unmarshalErrorTests, "excessive aliasing")',
    yaml: 'a: &a [00,00,00,00,00,00,00,00,00]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n',
    kubectl: { error: 'yaml: document contains excessive aliasing' },
    engine: 'same',
  },
  {
    source:
      'go-yaml v2 output: sigs.k8s.io/yaml v1.3.0 JSONToYAML (emitterc.go), as kubectl get -o yaml prints it, object 1',
    yaml: "spec:\n  versions:\n  - name: v1\n    schema:\n      openAPIV3Schema:\n        properties:\n          apiVersion:\n            description: 'APIVersion defines the versioned schema of this representation\n              of an object. Servers should convert recognized schemas to the latest\n              internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources'\n            type: string\n",
    kubectl: {
      json: {
        spec: {
          versions: [
            {
              name: 'v1',
              schema: {
                openAPIV3Schema: {
                  properties: {
                    apiVersion: {
                      description:
                        'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
                      type: 'string',
                    },
                  },
                },
              },
            },
          ],
        },
      },
    },
    engine: 'same',
  },
  {
    source:
      'go-yaml v2 output: sigs.k8s.io/yaml v1.3.0 JSONToYAML (emitterc.go), as kubectl get -o yaml prints it, object 2',
    yaml: "metadata:\n  annotations:\n    description: 'it''s a long value: with a colon, a # hash and ''quotes'' so that\n      go-yaml single-quotes it and folds it over lines'\n",
    kubectl: {
      json: {
        metadata: {
          annotations: {
            description:
              "it's a long value: with a colon, a # hash and 'quotes' so that go-yaml single-quotes it and folds it over lines",
          },
        },
      },
    },
    engine: 'same',
  },
  {
    source:
      'go-yaml v2 output: sigs.k8s.io/yaml v1.3.0 JSONToYAML (emitterc.go), as kubectl get -o yaml prints it, object 3',
    yaml: 'spec:\n  containers:\n  - args:\n    - \'- a dash first, then a long text that go-yaml has to fold over more than one\n      line of output\'\n    - "--flag=\\"double\\" quotes\\tand a tab make it a double-quoted scalar that is\n      folded too, over lines"\n    name: app\n',
    kubectl: {
      json: {
        spec: {
          containers: [
            {
              args: [
                '- a dash first, then a long text that go-yaml has to fold over more than one line of output',
                '--flag="double" quotes\tand a tab make it a double-quoted scalar that is folded too, over lines',
              ],
              name: 'app',
            },
          ],
        },
      },
    },
    engine: 'same',
  },
  {
    source:
      'go-yaml v2 output: sigs.k8s.io/yaml v1.3.0 JSONToYAML (emitterc.go), as kubectl get -o yaml prints it, object 4',
    yaml: 'data:\n  script: "#!/bin/sh\\nset -e\\necho \\"multi-line\\"  \\n"\nx:\n  "y": \'  leading and trailing spaces  \'\n',
    kubectl: {
      json: {
        data: { script: '#!/bin/sh\nset -e\necho "multi-line"  \n' },
        x: { y: '  leading and trailing spaces  ' },
      },
    },
    engine: 'same',
  },
  {
    source:
      'go-yaml v2 output: sigs.k8s.io/yaml v1.3.0 JSONToYAML (emitterc.go), as kubectl get -o yaml prints it, object 5',
    yaml: 'data:\n  k: |-\n    line one\n\n    line three after an empty line, long enough to be folded by the emitter at eighty columns\n',
    kubectl: {
      json: {
        data: {
          k: 'line one\n\nline three after an empty line, long enough to be folded by the emitter at eighty columns',
        },
      },
    },
    engine: 'same',
  },
  {
    source:
      'go-yaml v2 scannerc.go yaml_parser_scan_flow_scalar: double-quoted continuation at the key column',
    yaml: 'a:\n  b: "foo\n  bar"\n  c: 1\n',
    kubectl: { json: { a: { b: 'foo bar', c: 1 } } },
    engine: 'same',
  },
  {
    source:
      'go-yaml v2 scannerc.go yaml_parser_scan_flow_scalar: double-quoted continuation at column 1',
    yaml: 'a:\n  b: "foo\nbar"\n  c: 1\n',
    kubectl: { json: { a: { b: 'foo bar', c: 1 } } },
    engine: 'same',
  },
  {
    source:
      'go-yaml v2 scannerc.go yaml_parser_scan_flow_scalar: single-quoted continuation at the key column',
    yaml: "a:\n  b: 'foo\n  bar'\n",
    kubectl: { json: { a: { b: 'foo bar' } } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 scannerc.go yaml_parser_scan_flow_scalar: continuation after a tab',
    yaml: 'a:\n  b: "foo\n\tbar"\n',
    kubectl: { json: { a: { b: 'foo bar' } } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 scannerc.go yaml_parser_scan_flow_scalar: in a sequence of mappings',
    yaml: 'a:\n- b: "foo\n  bar"\n  c: 1\n',
    kubectl: { json: { a: [{ b: 'foo bar', c: 1 }] } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 scannerc.go yaml_parser_scan_flow_scalar: escaped line break',
    yaml: 'a:\n  b: "x \\\ny"\n',
    kubectl: { json: { a: { b: 'x y' } } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 scannerc.go yaml_parser_scan_flow_scalar: empty line kept as a line feed',
    yaml: "a:\n  b: 'x\n\n  y'\n",
    kubectl: { json: { a: { b: 'x\ny' } } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 scannerc.go (flow level > 0: no indentation check): flow sequence',
    yaml: 'a:\n  b: [x,\n  z]\n',
    kubectl: { json: { a: { b: ['x', 'z'] } } },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 scannerc.go (flow level > 0: no indentation check): flow mapping',
    yaml: 'a:\n  b: {x: 1,\n z: 2}\n',
    kubectl: { json: { a: { b: { x: 1, z: 2 } } } },
    engine: 'same',
  },
  {
    source:
      'go-yaml v2 scannerc.go: quoted scalar inside a flow sequence, continuation at column 1',
    yaml: 'a:\n  b: [ "x\ny" ]\n',
    kubectl: { json: { a: { b: ['x y'] } } },
    engine: 'same',
  },
  {
    source:
      'go-yaml v2 scannerc.go yaml_parser_scan_flow_scalar: "found unexpected document indicator"',
    yaml: 'k: "x\n---\n"\n',
    kubectl: { error: 'yaml: line 2: found unexpected document indicator' },
    engine: 'same',
  },
  {
    source:
      'go-yaml v2 scannerc.go yaml_parser_scan_flow_scalar: "found unexpected document indicator" (...)',
    yaml: 'k: "x\n...\n"\n',
    kubectl: { error: 'yaml: line 2: found unexpected document indicator' },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 scannerc.go: a multi-line quoted implicit key',
    yaml: '"k\n x": 1\n',
    kubectl: { error: 'yaml: line 2: mapping values are not allowed in this context' },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 parserc.go: a key less indented after a block scalar',
    yaml: 'a: |\n  "x\n b: 1\n',
    kubectl: { error: 'yaml: line 2: did not find expected key' },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 scannerc.go: a plain scalar continuation at the key column',
    yaml: 'a:\n  b: foo\n  bar\n',
    kubectl: { error: "yaml: line 4: could not find expected ':'" },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 scannerc.go: a tab as indentation',
    yaml: 'a:\n\tb: 1\n',
    kubectl: { error: 'yaml: line 2: found character that cannot start any token' },
    engine: 'same',
  },
  {
    source: 'go-yaml v2 scannerc.go: an unterminated double-quoted scalar',
    yaml: 'a: "foo\n',
    kubectl: { error: 'yaml: line 2: found unexpected end of stream' },
    engine: 'same',
  },
  {
    source:
      'k8snetworkplumbingwg/multus-cni docs/how-to-use.md @37adefba "Launch pod with json annotation" (pod-case-04)',
    yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-case-04\n  annotations:\n    k8s.v1.cni.cncf.io/networks: \'[\n            { "name" : "macvlan-conf-1" },\n            { "name" : "macvlan-conf-2" }\n    ]\'\nspec:\n  containers:\n  - name: pod-case-04\n    image: docker.io/centos/tools:latest\n    command:\n    - /sbin/init\n',
    kubectl: {
      json: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          annotations: {
            'k8s.v1.cni.cncf.io/networks':
              '[ { "name" : "macvlan-conf-1" }, { "name" : "macvlan-conf-2" } ]',
          },
          name: 'pod-case-04',
        },
        spec: {
          containers: [
            {
              command: ['/sbin/init'],
              image: 'docker.io/centos/tools:latest',
              name: 'pod-case-04',
            },
          ],
        },
      },
    },
    engine: 'same',
  },
];
