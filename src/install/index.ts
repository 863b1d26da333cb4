/** Registering the kernel with Jupyter: kernelspec directories and their contents. */
export * from "./data-dirs";
export * from "./kernelspec";
export * from "./package-root";
