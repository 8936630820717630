import type { Clock } from '../clock';
import type { EmulatedApplication } from '../emulator-models';
import { EmulatorNotFoundError } from '../errors/emulator-not-found-error';
import type { IdGenerator } from '../id-generator';
import { snapshot } from './snapshot';
import type { StateEvents } from './state-events';

export type ApplicationInput = Omit<EmulatedApplication, 'id' | 'createdAt' | 'updatedAt'>;

/** TeXML applications, in the order they were created. */
export class ApplicationStore {
  private readonly applications = new Map<string, EmulatedApplication>();

  constructor(
    private readonly events: StateEvents,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  create(input: ApplicationInput): EmulatedApplication {
    const now = this.clock.now();
    const application: EmulatedApplication = { ...snapshot(input), id: this.ids.applicationId(), createdAt: now, updatedAt: now };
    this.applications.set(application.id, application);
    this.events.emit('application.created', snapshot(application));
    return snapshot(application);
  }

  get(id: string): EmulatedApplication | undefined {
    const application = this.applications.get(id);
    return application ? snapshot(application) : undefined;
  }

  require(id: string): EmulatedApplication {
    const application = this.applications.get(id);
    if (!application) throw new EmulatorNotFoundError('texml_application');
    return snapshot(application);
  }

  list(): EmulatedApplication[] {
    return [...this.applications.values()].map(snapshot);
  }

  update(id: string, input: ApplicationInput): EmulatedApplication {
    const existing = this.applications.get(id);
    if (!existing) throw new EmulatorNotFoundError('texml_application');
    const updated: EmulatedApplication = { ...snapshot(input), id, createdAt: existing.createdAt, updatedAt: this.clock.now() };
    this.applications.set(id, updated);
    this.events.emit('application.updated', snapshot(updated));
    return snapshot(updated);
  }

  delete(id: string): EmulatedApplication {
    const existing = this.applications.get(id);
    if (!existing) throw new EmulatorNotFoundError('texml_application');
    this.applications.delete(id);
    this.events.emit('application.deleted', snapshot(existing));
    return snapshot(existing);
  }

  clear(): void {
    this.applications.clear();
  }
}
