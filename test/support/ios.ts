/**
 * The iOS app's Codable models (docs/api.md#what-the-ios-app-decodes), written independently of the server code: a decode
 * fails exactly where Swift's JSONDecoder would (missing required key, wrong JSON type, a
 * fractional number where the model says Int).
 */
export type Shape =
  | 'String'
  | 'String?'
  | 'Int'
  | 'Int?'
  | 'Double'
  | 'Double?'
  | 'Bool'
  | 'Bool?'
  | { array: Shape; optional?: boolean }
  | { dict: Shape }
  | { object: Record<string, Shape>; optional?: boolean };

function fail(path: string, want: string, got: unknown): never {
  throw new Error(`iOS decoding failed at ${path}: expected ${want}, got ${JSON.stringify(got)}`);
}

export function decode(value: unknown, shape: Shape, path = '$'): void {
  if (typeof shape === 'string') {
    const optional = shape.endsWith('?');
    if (value === undefined || value === null) {
      if (optional) return;
      fail(path, shape, value);
    }
    const base = shape.replace('?', '');
    if (base === 'String' && typeof value !== 'string') fail(path, base, value);
    if (base === 'Int' && !(typeof value === 'number' && Number.isInteger(value))) fail(path, base, value);
    if (base === 'Double' && typeof value !== 'number') fail(path, base, value);
    if (base === 'Bool' && typeof value !== 'boolean') fail(path, base, value);
    return;
  }
  if ('array' in shape) {
    if ((value === undefined || value === null) && shape.optional) return;
    if (!Array.isArray(value)) fail(path, 'array', value);
    value.forEach((v, i) => decode(v, shape.array, `${path}[${i}]`));
    return;
  }
  if ('dict' in shape) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(path, 'dictionary', value);
    for (const [k, v] of Object.entries(value)) decode(v, shape.dict, `${path}.${k}`);
    return;
  }
  if ((value === undefined || value === null) && shape.optional) return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(path, 'object', value);
  for (const [k, s] of Object.entries(shape.object)) decode((value as Record<string, unknown>)[k], s, `${path}.${k}`);
}

export const ios = {
  AuthResponse: { object: { username: 'String', access_token: 'String', token_type: 'String' } },
  GmailResponseModel: { object: { google_email: 'String', scope: 'String', account_switch: 'Bool', message: 'String' } },
  UserModel: { object: { name: 'String', email: 'String', created_on: 'String' } },
  InvoiceCountModel: { object: { invoiceCount: 'Int' } },
  RentalInvoice: {
    object: {
      InvoiceID: 'String',
      Filename: 'String',
      Hyra: 'Int',
      El: 'Int',
      Kallvatten: 'Int',
      Varmvatten: 'Int',
      'Total Amount': 'Int',
      due_date_month: 'String',
      due_date_year: 'String',
      'Due Date': 'String',
      Moms: 'Int',
      OCR: 'String',
    },
  },
  RetailInvoiceBase: {
    object: { InvoiceID: 'String', invoice_date: 'String', total_amount: 'Double', currency: 'String?', vendor_name: 'String' },
  },
  ErrorEnvelope: { object: { error: { object: { code: 'String', message: 'String' } } } },
} satisfies Record<string, Shape>;

/** The app's retail detail models by sub-type (docs/api.md#what-the-ios-app-decodes); grocery and utility have none. */
export const retailDetailModels: Record<string, Shape> = {
  'food-delivery': {
    object: {
      InvoiceID: 'String',
      delivery_fee: 'Double',
      discount: 'Double',
      items: { array: { object: { name: 'String', description: 'String?', price: 'Double', quantity: 'Double' } } },
    },
  },
  miscellaneous: {
    object: {
      InvoiceID: 'String',
      delivery_fee: 'Double?',
      notes: 'String?',
      tax: 'Double',
      category: 'String?',
      description: 'String?',
      items: { array: { object: { name: 'String', price: 'Double', quantity: 'Double' } } },
    },
  },
  clothing: {
    object: {
      InvoiceID: 'String',
      tax: 'Double',
      delivery_fee: 'Double',
      payment_method: 'String?',
      items: { array: { object: { name: 'String', quantity: 'Int', brand: 'String', price: 'Double' } } },
    },
  },
  technology: {
    object: {
      InvoiceID: 'String',
      delivery_fee: 'Double',
      payment_method: 'String?',
      notes: 'String?',
      tax: 'Double',
      description: 'String?',
      items: { array: { object: { name: 'String', price: 'Double', quantity: 'Int' } } },
    },
  },
  subscriptions: {
    object: { InvoiceID: 'String', payment_method: 'String?', duration: 'String?', invoice_number: 'String?', receipt_number: 'String?' },
  },
  travel: {
    object: {
      InvoiceID: 'String',
      transport_type: 'String',
      transport_company: 'String?',
      booking_reference: 'String',
      travel_details: {
        array: { object: { departure_location: 'String', arrival_location: 'String', departure_date: 'String?', arrival_date: 'String?' } },
      },
      passengers: { array: { object: { name: 'String' } } },
    },
  },
};

/** The success envelope around a `data` of the given shape (`null` data allowed when `nullable`). */
export function envelope(data: Shape | 'null'): Shape {
  return {
    object: {
      message: 'String',
      code: 'Int',
      ...(data === 'null' ? {} : { data }),
    },
  };
}
