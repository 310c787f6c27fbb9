import type { LanguageTable } from './types.js';

export const en: LanguageTable = {
  code: 'en',
  months: {
    jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6, jul: 7,
    july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12,
    december: 12,
  },
  total: [
    'grand total', 'order total', 'total charged', 'total paid', 'total due', 'total to pay', 'total payable',
    'total amount', 'total price', 'total cost', 'amount paid', 'amount charged', 'amount due', 'amount billed',
    'payment total', 'you paid', 'total charges', 'balance paid', 'total incl', 'total including',
  ],
  totalWeak: ['total', 'paid', 'charged', 'payment', 'amount'],
  price: ['price', 'fare', 'ticket price'],
  notTotal: [
    'subtotal', 'sub total', 'sub-total', 'item subtotal', 'items subtotal', 'before tax', 'excl', 'excluding', 'savings',
    'total tax', 'total vat', 'total discount', 'total savings', 'total points', 'total items', 'total quantity',
    'estimated total', 'tax total', 'points', 'miles', 'rewards', 'per person', 'per night', 'per month', 'per passenger',
  ],
  subtotal: ['subtotal', 'sub total', 'sub-total', 'item subtotal', 'items subtotal', 'merchandise'],
  tax: ['sales tax', 'tax', 'taxes', 'vat', 'gst', 'hst'],
  delivery: ['delivery fee', 'delivery charge', 'shipping', 'shipping & handling', 'shipping and handling', 'postage', 'service fee'],
  discount: ['discount', 'promotion', 'promo', 'voucher', 'coupon', 'savings'],
  date: [
    'order date', 'date of order', 'date of purchase', 'purchase date', 'invoice date', 'receipt date',
    'transaction date', 'payment date', 'billing date', 'date paid', 'date issued', 'issued on', 'placed on',
    'ordered on', 'order placed', 'order placed on', 'paid on', 'billed on', 'booking date',
  ],
  order: [
    'order number', 'order no', 'order #', 'order id', 'order reference', 'order ref', 'booking reference',
    'booking number', 'booking code', 'confirmation code', 'confirmation number', 'reservation number',
    'receipt number', 'receipt no', 'invoice number', 'invoice no', 'transaction id',
  ],
  thanks: ['thank you for shopping at', 'thank you for shopping with', 'thanks for shopping at', 'thanks for shopping with', 'thank you for ordering from', 'thanks for ordering from', 'thank you for your order from', 'thank you for choosing', 'thanks for choosing', 'thank you for dining at', 'thanks for dining at', 'thank you for visiting', 'thank you for booking with', 'thanks for booking with', 'thank you for booking at'],
  receiptFrom: ['your receipt from', 'your order from', 'receipt from', 'your order with', 'your purchase at', 'your purchase from', 'order confirmation from', 'your booking with'],
  receipt: ['receipt', 'order confirmation', 'thank you for your order', 'thanks for your order', 'thank you for your purchase', 'invoice', 'booking confirmation', 'itinerary', 'amount paid', 'order total', 'your order'],
  signOff: ['kind regards', 'best regards', 'regards', 'yours sincerely', 'sincerely', 'best wishes', 'warm regards'],
  legalForms: ['Ltd', 'Ltd.', 'Limited', 'Inc', 'Inc.', 'LLC', 'plc', 'PLC', 'Corp.', 'Corporation', 'LLP'],
  bankAlert: [
    'card transaction alert', 'transaction alert', 'account alert', 'balance alert', 'low balance alert', 'deposit received',
    'you received a deposit', 'direct deposit', 'a purchase was made with your card', 'available balance',
    'account statement', 'your statement is ready', 'wire transfer received', 'has been debited from your account',
    'has been credited to your account', 'pin change', 'pin was changed',
  ],
  marketing: ['newsletter', 'shop now', 'sale ends', 'limited time', "don't miss", 'new arrivals', 'exclusive offer', 'black friday', 'we miss you', 'recommended for you', 'register now', 'get your tickets', 'join us', 'upcoming events'],
};
