import type { LanguageTable } from './types.js';

export const fr: LanguageTable = {
  code: 'fr',
  months: {
    janvier: 1, janv: 1, février: 2, fevrier: 2, févr: 2, mars: 3, avril: 4, avr: 4, mai: 5, juin: 6, juillet: 7,
    juil: 7, août: 8, aout: 8, septembre: 9, octobre: 10, novembre: 11, décembre: 12, decembre: 12, déc: 12,
  },
  total: ['total ttc', 'montant total', 'total à payer', 'montant à payer', 'montant payé', 'total payé', 'montant débité', 'net à payer', 'prix total', 'total de la commande', 'montant ttc'],
  totalWeak: ['total', 'montant', 'payé'],
  price: ['prix', 'tarif'],
  notTotal: ['sous-total', 'sous total', 'total ht', 'montant ht', 'hors taxes', 'tva', 'dont tva', 'remise', 'par personne', 'par nuit'],
  subtotal: ['sous-total', 'sous total', 'total ht', 'montant ht'],
  tax: ['tva', 'dont tva', 'taxes'],
  delivery: ['livraison', 'frais de livraison', "frais d'envoi", 'frais de port', 'frais de service'],
  discount: ['remise', 'réduction', 'code promo', 'bon de réduction', 'coupon'],
  date: ['date de commande', "date d'achat", 'date de facture', 'date de facturation', 'date de paiement', 'commandé le', 'date de réservation', 'émis le'],
  order: ['numéro de commande', 'n° de commande', 'commande n°', 'numéro de réservation', 'référence de réservation', 'référence de commande', 'numéro de facture', 'facture n°', 'référence', 'numéro de dossier'],
  thanks: ['merci pour votre achat chez', 'merci pour votre commande chez', "merci d'avoir commandé chez", "merci d'avoir choisi", 'merci de votre achat chez', 'merci pour votre réservation chez', "merci d'avoir réservé chez", "merci d'avoir réservé avec", 'merci pour votre réservation avec'],
  receiptFrom: ['votre reçu de', 'votre commande chez', 'votre facture', 'votre commande sur', 'confirmation de commande'],
  receipt: ['reçu', 'facture', 'confirmation de commande', 'merci pour votre commande', 'merci pour votre achat', 'confirmation de réservation', 'votre commande', 'ticket de caisse', 'e-billet', 'votre billet'],
  signOff: ['cordialement', 'bien cordialement', 'salutations', 'sincères salutations', 'à bientôt'],
  legalForms: ['SA', 'S.A.', 'SAS', 'S.A.S.', 'SARL', 'EURL', 'SNC'],
  bankAlert: ['opération carte', 'alerte solde', 'virement reçu', 'relevé de compte', 'votre solde est', 'paiement par carte effectué', 'opération sur votre compte'],
  marketing: ['newsletter', 'lettre d’information', 'achetez maintenant', 'offre exclusive', 'soldes', 'ne manquez pas', 'inscrivez-vous'],
};
