// Values are re-exported by name, types with `export type *`: a plain `export *` compiles (swc and
// tsc alike) to one getter function shared by every name, whose keyed load V8 does not inline, and
// every call into the module through this index paid for it.
export {
  QUANTITY_FORMAT_ERROR,
  QUANTITY_NUMERIC_ERROR,
  QUANTITY_SUFFIX_ERROR,
  QUANTITY_TOO_LARGE_ERROR,
  Quantity,
  addQuantities,
  compareQuantities,
  fromNanos,
  isZero,
  maxQuantity,
  multiplyQuantity,
  parseQuantity,
  parseQuantityValue,
  subtractQuantities,
} from './quantity';
export type * from './quantity';
