import type { LanguageTable } from './types.js';

export const es: LanguageTable = {
  code: 'es',
  months: {
    enero: 1, ene: 1, febrero: 2, marzo: 3, abril: 4, abr: 4, mayo: 5, junio: 6, julio: 7, agosto: 8, ago: 8,
    septiembre: 9, setiembre: 9, octubre: 10, noviembre: 11, diciembre: 12, dic: 12,
  },
  total: ['total a pagar', 'importe total', 'total pagado', 'importe pagado', 'monto total', 'total del pedido', 'precio total', 'total con iva', 'cargo total'],
  totalWeak: ['total', 'importe', 'monto', 'pagado'],
  price: ['precio', 'tarifa'],
  notTotal: ['subtotal', 'sin iva', 'base imponible', 'iva', 'descuento', 'por persona', 'por noche'],
  subtotal: ['subtotal', 'base imponible'],
  tax: ['iva', 'impuestos'],
  delivery: ['envío', 'gastos de envío', 'costo de envío', 'entrega', 'tarifa de servicio'],
  discount: ['descuento', 'cupón', 'código promocional', 'promoción'],
  date: ['fecha del pedido', 'fecha de pedido', 'fecha de compra', 'fecha de factura', 'fecha de emisión', 'fecha de pago', 'fecha de la reserva'],
  order: ['número de pedido', 'n.º de pedido', 'pedido n.º', 'nº de pedido', 'número de reserva', 'código de reserva', 'localizador', 'número de factura', 'factura n.º', 'número de recibo'],
  thanks: ['gracias por tu compra en', 'gracias por su compra en', 'gracias por tu pedido en', 'gracias por su pedido en', 'gracias por elegir', 'gracias por comprar en', 'gracias por reservar con', 'gracias por su reserva en', 'gracias por tu reserva en'],
  receiptFrom: ['tu recibo de', 'su recibo de', 'tu pedido en', 'tu pedido de', 'confirmación de pedido de'],
  receipt: ['recibo', 'factura', 'confirmación de pedido', 'gracias por tu pedido', 'gracias por su pedido', 'gracias por tu compra', 'confirmación de reserva', 'tu pedido', 'ticket de compra'],
  signOff: ['saludos', 'saludos cordiales', 'atentamente', 'un saludo'],
  legalForms: ['S.A.', 'SA', 'S.L.', 'SL', 'S.L.U.', 'S.A. de C.V.'],
  bankAlert: ['cargo a tu tarjeta', 'cargo en tu tarjeta', 'cargo a su cuenta', 'cargo a tu cuenta', 'abono a su cuenta', 'depósito a tu cuenta', 'depósito a su cuenta', 'se ha registrado un cargo', 'se ha registrado un abono', 'se ha registrado un depósito', 'movimiento en su cuenta', 'saldo disponible', 'estado de cuenta', 'transferencia recibida', 'notificación de cargo', 'cambio de nip', 'alerta de movimiento'],
  marketing: ['boletín', 'compra ahora', 'oferta exclusiva', 'rebajas', 'no te lo pierdas', 'regístrate'],
};
