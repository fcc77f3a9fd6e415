import type { Handle, Plugin } from './interface';

/** Builds a plugin from its arguments (runtime.PluginFactory). */
export type PluginFactory = (args: unknown, handle: Handle) => Plugin;

/**
 * runtime.Registry: plugin names to factories; registering a name twice is refused, as
 * upstream's Register does (`a plugin named %v already exists`).
 */
export class Registry {
  private readonly factories = new Map<string, PluginFactory>();

  register(name: string, factory: PluginFactory): void {
    if (this.factories.has(name)) throw new Error(`a plugin named ${name} already exists`);
    this.factories.set(name, factory);
  }

  get(name: string): PluginFactory | undefined {
    return this.factories.get(name);
  }

  has(name: string): boolean {
    return this.factories.has(name);
  }

  names(): string[] {
    return [...this.factories.keys()];
  }
}
