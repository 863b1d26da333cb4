/**
 * Loads every module that registers named loop bodies, so the worker entry and the
 * inline (serial) path see the same registry.
 */
import "./bodies";
import "./matmul-body";
