/** A body that is neither a JSON SIM Connect message nor a legacy XML one: answer 400, never retry it. */
export class ConnectMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectMessageError';
  }
}
