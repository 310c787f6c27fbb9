import { createService, type ServiceOptions } from './transport.js';
import { readXmlError, xmlValue } from './xml.js';

/** SNS `Publish` over the Query protocol (a form POST, an XML answer). */
export interface Sns {
  publish(input: { TopicArn: string; Subject?: string; Message: string; MessageAttributes?: Record<string, { DataType: 'String'; StringValue: string }> }): Promise<{ MessageId?: string }>;
  destroy(): void;
}

export function createSns(opts: Omit<ServiceOptions, 'service'>): Sns {
  const service = createService({ ...opts, service: 'sns' });
  return {
    async publish(input) {
      const form = new URLSearchParams({ Action: 'Publish', Version: '2010-03-31', TopicArn: input.TopicArn, Message: input.Message });
      if (input.Subject !== undefined) form.set('Subject', input.Subject);
      Object.entries(input.MessageAttributes ?? {}).forEach(([name, v], i) => {
        const p = `MessageAttributes.entry.${i + 1}`;
        form.set(`${p}.Name`, name);
        form.set(`${p}.Value.DataType`, v.DataType);
        form.set(`${p}.Value.StringValue`, v.StringValue);
      });
      const res = await service.send(
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: form.toString() },
        (r) => readXmlError(r.body.toString('utf8')),
      );
      const id = xmlValue(res.body.toString('utf8'), 'MessageId');
      return id ? { MessageId: id } : {};
    },
    destroy: () => service.destroy(),
  };
}
