/**
 * Installs a class's methods and getters on `TensorVariable.prototype` (the tensor module's way of giving
 * variables their numpy-named methods; the IR imports no op). Each family's sugar file declares its methods
 * in an abstract class, merges them into `TensorVariable`'s interface and calls `installMethods`.
 */
import { TensorVariable } from '../graph/variable.js';

/** Copies every method and accessor of `cls.prototype` (but the constructor) onto `TensorVariable.prototype`. */
export function installMethods(cls: abstract new (...args: never[]) => unknown): void {
  for (const key of Object.getOwnPropertyNames(cls.prototype)) {
    if (key === 'constructor') continue;
    Object.defineProperty(TensorVariable.prototype, key, Object.getOwnPropertyDescriptor(cls.prototype, key)!);
  }
}
